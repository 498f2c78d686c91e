namespace Vigil.Engine.Tests.Scanners.Rspamd;

/// <summary>The tests that share one real rspamd.</summary>
[CollectionDefinition(Name)]
public sealed class RspamdCollection : ICollectionFixture<RspamdFixture>
{
    public const string Name = "real rspamd";
}

namespace Vigil.Engine.Tests.Scanners.Spamd;

/// <summary>The tests that share one real spamd.</summary>
[CollectionDefinition(Name)]
public sealed class SpamdCollection : ICollectionFixture<SpamdFixture>
{
    public const string Name = "real spamd";
}

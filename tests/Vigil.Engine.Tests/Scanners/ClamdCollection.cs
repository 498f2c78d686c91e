namespace Vigil.Engine.Tests.Scanners;

/// <summary>The tests that share one real clamd.</summary>
[CollectionDefinition(Name)]
public sealed class ClamdCollection : ICollectionFixture<ClamdFixture>
{
    public const string Name = "real clamd";
}

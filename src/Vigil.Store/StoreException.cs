namespace Vigil.Store;

/// <summary>The store cannot be used as it is (a newer schema, a file that is not a database). Expected outcomes are results, not this.</summary>
public sealed class StoreException(string message) : Exception(message);

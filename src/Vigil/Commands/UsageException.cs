namespace Vigil.Commands;

/// <summary>A command line that cannot be run as given.</summary>
public sealed class UsageException(string message) : Exception(message);

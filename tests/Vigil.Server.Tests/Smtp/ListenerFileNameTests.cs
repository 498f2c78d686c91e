using Vigil.Engine.Gateway;
using Vigil.Server.Hosting;

namespace Vigil.Server.Tests.Smtp;

/// <summary>The listener files are among the names the control-directory audit knows, so it never calls tcp.smtp "not a file Vigil reads".</summary>
public class ListenerFileNameTests
{
    [Fact]
    public void EveryListenerFileIsAKnownControlFile()
    {
        Assert.All(ServerConfiguration.FileNames, name => Assert.Contains(name, KnownControlFiles.Names));
    }
}

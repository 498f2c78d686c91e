using Vigil.Engine.Scanners.Configuration;
using Vigil.Engine.Gateway;
using Vigil.Engine.Policy;

namespace Vigil.Install;

/// <summary>What `vigil test-install` needs: the door, the engine of the control directory, and the envelope.</summary>
public sealed record TestInstallSettings
{
    public required TestDoor Door { get; init; }

    /// <summary>The engine built from the control directory (its policy gives the expectations; the scan door uses it).</summary>
    public required PolicyProvider Policy { get; init; }

    /// <summary>The engine the in-process checks judge the test mails with, and the door context (profiles) they use.</summary>
    public required MailGateway Gateway { get; init; }

    public required DoorContext Judging { get; init; }

    /// <summary>The scanners in force, to know whether a virus can be found at all.</summary>
    public required ScannerSet Scanners { get; init; }

    /// <summary>The QMAILQUEUE program with its arguments (the queue door).</summary>
    public IReadOnlyList<string> QueueCommand { get; init; } = [];

    /// <summary>Environment added for the queue door's child (VIGIL_CONTROL).</summary>
    public IReadOnlyDictionary<string, string> QueueEnvironment { get; init; } = new Dictionary<string, string>();

    public required string From { get; init; }

    public required string To { get; init; }
}

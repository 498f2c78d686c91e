namespace Vigil.Server.Local;

/// <summary>What a door asks the daemon for.</summary>
public enum LocalRequestKind : byte
{
    /// <summary>The whole entry point (`MailGateway.ProcessAsync`): judge and carry out the dispositions (`vigil queue`, `vigil deliver`).</summary>
    Process = 1,

    /// <summary>The verdict alone (`MailGateway.JudgeAsync`), nothing carried out (QHPSI's `vigil … scan`).</summary>
    Judge = 2,
}

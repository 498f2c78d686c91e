namespace Vigil.Doors.Qhpsi;

/// <summary>One call of Vigil as a QHPSI scanner.</summary>
/// <param name="MessageFile">qmail-queue's queue file (mess/NN/INODE), relative to its queue directory.</param>
/// <param name="ScanArgs">The `vigil scan` command line it becomes.</param>
/// <param name="Ignored">QHPSIARGs meant for another scanner, left out.</param>
/// <param name="Environment">QHPSIRC, QHPSIMINSIZE, QHPSIMAXSIZE.</param>
public sealed record QhpsiCall(string MessageFile, string[] ScanArgs, IReadOnlyList<string> Ignored, QhpsiEnvironment Environment);

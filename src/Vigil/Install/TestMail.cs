using Vigil.Engine.Dispositions.Actions;
using Vigil.Engine.Verdicts;

namespace Vigil.Install;

/// <summary>One mail `vigil test-install` sends, with what the configuration says must happen to it.</summary>
/// <param name="Name">Short name in the report: eicar, policy, clean.</param>
/// <param name="Bytes">The whole message.</param>
/// <param name="Marker">A token unique to this run and mail (in its Message-ID), to find it in the quarantine.</param>
/// <param name="ExpectedCategory">The category of the finding that must decide; null for clean mail.</param>
/// <param name="ExpectedAction">What the door must do with it.</param>
/// <param name="Why">What the mail tests, for the report.</param>
public sealed record TestMail(string Name, byte[] Bytes, string Marker, FindingCategory? ExpectedCategory, VerdictAction ExpectedAction, string Why);

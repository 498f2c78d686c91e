namespace Vigil.Install;

/// <summary>What happened to one test mail.</summary>
/// <param name="Name">eicar, policy or clean.</param>
/// <param name="Passed">True when it went as expected, false when not, null when it was not sent (and why is in the notes).</param>
/// <param name="Expected">What the configuration says must happen.</param>
/// <param name="Got">What happened: verdict, exit code, quarantine file.</param>
/// <param name="Notes">Explanations: the scanner that could not be asked, the door's own messages.</param>
public sealed record TestMailOutcome(string Name, bool? Passed, string Expected, string Got, IReadOnlyList<string> Notes);

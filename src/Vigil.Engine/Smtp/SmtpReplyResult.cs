namespace Vigil.Engine.Smtp;

/// <summary>
/// One reply as <see cref="SmtpReplyReader"/> read it: the code and the text of each line (what
/// follows "250-" or "250 ", as the server sent it), or the fault that left no reply.
/// </summary>
/// <param name="Code">The three-digit code; 0 with a fault.</param>
/// <param name="Lines">The lines' text; with <see cref="SmtpReplyFault.NotSmtp"/> the offending line whole, for the log; otherwise empty with a fault.</param>
/// <param name="Fault">None when a reply was read.</param>
public readonly record struct SmtpReplyResult(int Code, IReadOnlyList<string> Lines, SmtpReplyFault Fault)
{
    public bool IsReply => Fault == SmtpReplyFault.None;

    internal static SmtpReplyResult Failed(SmtpReplyFault fault) => new(0, [], fault);

    internal static SmtpReplyResult NotSmtp(string line) => new(0, [line], SmtpReplyFault.NotSmtp);
}

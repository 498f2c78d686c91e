using Vigil.Testing;

namespace Vigil.Tests.Doors;

/// <summary>
/// A local SMTP peer for the door tests: listens on 127.0.0.1 (a free port), accepts every
/// envelope and records each transaction (MAIL FROM, RCPT TO, the message with dot-stuffing undone).
/// The door under test reaches it through `notifyvia=smtp:127.0.0.1:PORT`.
/// </summary>
internal sealed class NotificationSink : IAsyncDisposable
{
    private readonly SmtpSink _sink = new();

    public int Port => _sink.Port;

    /// <summary>The `options` line that sends notifications here.</summary>
    public string NotifyVia => $"notifyvia=smtp:127.0.0.1:{Port}\n";

    public IReadOnlyList<Mail> Mails
    {
        get
        {
            lock (_sink.Transactions)
            {
                return [.. _sink.Transactions.Select(t => new Mail(Unbracket(t.MailFrom), [.. t.RcptTo.Select(Unbracket)], t.Data))];
            }
        }
    }

    /// <summary>The mails whose envelope recipients include <paramref name="address"/>.</summary>
    public List<Mail> To(string address) => Mails.Where(m => m.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    public ValueTask DisposeAsync() => _sink.DisposeAsync();

    private static string Unbracket(string text) => text.Trim().TrimStart('<').TrimEnd('>');

    /// <summary>One received mail.</summary>
    internal sealed record Mail(string From, IReadOnlyList<string> Recipients, string Data)
    {
        /// <summary>The header block, unfolded, one "Name: value" per entry.</summary>
        public string[] HeaderLines => Data[..Data.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Replace("\r\n ", " ", StringComparison.Ordinal).Split("\r\n");

        public string? Header(string name) =>
            HeaderLines.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)) is { } l ? l[(name.Length + 1)..].Trim() : null;
    }
}

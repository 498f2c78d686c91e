using Vigil.Engine.Dispositions.Notifications;
using Vigil.Engine.Gateway;
using Vigil.Mime.Model;

namespace Vigil.Engine.Dispositions.Logging;

/// <summary>
/// How the logs show the null sender "&lt;&gt;", as QMVC's FAQ (§6.2) describes: a bounce it
/// recognises as "(=MAILSENDER=)", any other null-sender mail as "(-MAILSENDER-)", MAILSENDER
/// being the From: address of the mail. A bounce is a delivery report (Content-Type
/// multipart/report) or mail whose From: is a bounce address (MAILER-DAEMON, postmaster...). Mail
/// without a usable From: address stays "&lt;&gt;".
/// </summary>
public static class NullSenderLabel
{
    public const string Plain = "<>";

    /// <summary>The label for null-sender mail with these top-level headers; "&lt;&gt;" when it has no safe From: address.</summary>
    public static string Of(IReadOnlyList<Header> headers, LogAnonymizer? anonymizer = null) =>
        Format(Read(headers), anonymizer);

    /// <summary>The From: address of null-sender mail and whether it is a bounce; null when it has no safe From: address.</summary>
    public static NullSenderOrigin? Read(IReadOnlyList<Header> headers) =>
        HeaderAddressReader.First(MessageHeaders.Get(headers, "From")) is { } from ? new NullSenderOrigin(from, IsBounce(headers, from)) : null;

    /// <summary>The label of <paramref name="origin"/>; "&lt;&gt;" when null.</summary>
    public static string Format(NullSenderOrigin? origin, LogAnonymizer? anonymizer = null)
    {
        if (origin is null)
        {
            return Plain;
        }

        var shown = anonymizer is null ? origin.From : anonymizer.Address(origin.From);
        return origin.IsBounce ? "(=" + shown + "=)" : "(-" + shown + "-)";
    }

    /// <summary>True for a sender field written by <see cref="Of"/> (or the plain "&lt;&gt;").</summary>
    public static bool IsLabel(string field) =>
        field == Plain
        || (field.Length > 4 && ((field.StartsWith("(=", StringComparison.Ordinal) && field.EndsWith("=)", StringComparison.Ordinal))
                                || (field.StartsWith("(-", StringComparison.Ordinal) && field.EndsWith("-)", StringComparison.Ordinal))));

    private static bool IsBounce(IReadOnlyList<Header> headers, string from)
    {
        var type = MessageHeaders.Get(headers, "Content-Type");
        if (type is not null && type.TrimStart().StartsWith("multipart/report", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var at = from.LastIndexOf('@');
        var local = at < 0 ? from : from[..at];
        return local.Equals("mailer-daemon", StringComparison.OrdinalIgnoreCase)
            || local.Equals("postmaster", StringComparison.OrdinalIgnoreCase);
    }
}

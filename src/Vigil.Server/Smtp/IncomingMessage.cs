using Vigil.Engine.Gateway;
using Vigil.Mime.Spooling;

namespace Vigil.Server.Smtp;

/// <summary>One message arriving in DATA: spooled as it streams (LF line ends, dots unstuffed), its size counted.</summary>
public sealed class IncomingMessage : IDisposable
{
    public IncomingMessage(SpooledMessage spool, SmtpLimits limits)
    {
        Spool = spool;
        Receiver = new DataReceiver(limits.MaxMessageSize, limits.MaxHeaderBytes, Append);
    }

    public SpooledMessage Spool { get; }

    public DataReceiver Receiver { get; }

    /// <summary>True once the spool refused a write (disk full): the message is deferred, never judged half-written.</summary>
    public bool SpoolFailed { get; private set; }

    public string SpoolError { get; private set; } = "";

    public void Dispose() => Spool.Dispose();

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (SpoolFailed)
        {
            return;
        }

        try
        {
            Spool.Write(bytes);
        }
        catch (SpoolWriteException e)
        {
            SpoolFailed = true;
            SpoolError = e.Message;
        }
    }
}

using Vigil.Engine.Judging;

namespace Vigil.Server.Local;

/// <summary>
/// The header of a local-socket request: what the door asks, which policy it would judge under
/// (control directory, --clamd scanners, profiles) and the envelope. The message follows it.
/// Since the daemon writes the doors' rows, an optional section follows the envelope
/// (<see cref="Store"/>); a request without it is version 1's, byte for byte, so an older door is
/// answered as before, and an older daemon refuses the section as bytes after the last field
/// (a bad request: the door judges the message itself).
/// </summary>
public sealed record LocalRequest(LocalRequestKind Kind, Envelope Envelope)
{
    /// <summary>The door's control directory as a full path; null for the built-in defaults.</summary>
    public string? ControlDirectory { get; init; }

    /// <summary>The door's --clamd addresses, as given.</summary>
    public IReadOnlyList<string> ClamdAddresses { get; init; } = [];

    /// <summary>The door's profile directories, most specific last.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];

    /// <summary>The door asks the daemon to write its rows; null (no section): the door writes them from the reply's report.</summary>
    public LocalStoreAsk? Store { get; init; }

    /// <summary>The tag of the store section after the envelope.</summary>
    private const byte StoreSection = 1;

    public byte[] Encode()
    {
        var w = new FrameWriter();
        w.Byte((byte)Kind);
        w.NullableString(ControlDirectory);
        w.Strings(ClamdAddresses);
        w.Strings(Profiles);
        var e = Envelope;
        w.NullableString(e.Sender);
        w.Strings(e.Recipients);
        w.NullableString(e.ClientIp);
        w.NullableBool(e.RelayClient);
        w.NullableString(e.Helo);
        w.NullableString(e.ClientName);
        w.String(e.Door);
        w.Map(e.Variables);
        w.Bool(e.SkipNoScanTypes);
        if (Store is { } store)
        {
            w.Byte(StoreSection);
            w.NullableString(store.StoreVariable);
            w.String(store.Node);
        }

        return w.ToArray();
    }

    /// <summary>The request in <paramref name="header"/>, or null with what is wrong with it.</summary>
    public static LocalRequest? TryDecode(ReadOnlyMemory<byte> header, out string? error)
    {
        error = null;
        try
        {
            var r = new FrameReader(header);
            var kind = r.Byte();
            if (kind is not ((byte)LocalRequestKind.Process or (byte)LocalRequestKind.Judge))
            {
                error = $"unknown request kind {kind}";
                return null;
            }

            var control = r.NullableString();
            var clamd = r.Strings();
            var profiles = r.Strings();
            var envelope = new Envelope(r.NullableString(), r.Strings())
            {
                ClientIp = r.NullableString(),
                RelayClient = r.NullableBool(),
                Helo = r.NullableString(),
                ClientName = r.NullableString(),
                Door = r.String(),
                Variables = r.Map(StringComparer.Ordinal),
                SkipNoScanTypes = r.Bool(),
            };
            LocalStoreAsk? store = null;
            if (!r.AtEnd)
            {
                var section = r.Byte();
                if (section != StoreSection)
                {
                    error = $"unknown header section {section}";
                    return null;
                }

                store = new LocalStoreAsk(r.NullableString(), r.String());
            }

            if (!r.AtEnd)
            {
                error = "bytes after the header's last field";
                return null;
            }

            return new LocalRequest((LocalRequestKind)kind, envelope) { ControlDirectory = control, ClamdAddresses = clamd, Profiles = profiles, Store = store };
        }
        catch (FrameFormatException e)
        {
            error = e.Message;
            return null;
        }
    }
}

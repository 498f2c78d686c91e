using Vigil.Mime.Limits;
using Vigil.Mime.Model;

namespace Vigil.Mime.Tnef;

/// <summary>
/// Reads the attribute sequence of one TNEF stream (signature, legacy key, then level / tag /
/// length / data / checksum records) into a <see cref="TnefMessage"/>. It never throws on bad
/// input: it notes the problem and keeps what it read before it.
/// </summary>
internal sealed class TnefParser(TnefStreamReader reader, AnalysisBudget budget)
{
    private const int AttributeHeaderSize = 9;

    /// <summary>True when the analysis ran out of time during the last parse.</summary>
    public bool TimedOut { get; private set; }

    public TnefMessage Parse(ByteRange range)
    {
        var message = new TnefMessage();
        var end = range.End;
        if (!reader.TryReadUInt32(range.Offset, end, out var signature) || signature != TnefIds.Signature)
        {
            message.Problems.Add("no TNEF signature");
            return message;
        }

        var pos = range.Offset + 6;
        if (pos > end)
        {
            message.Problems.Add("stream ends inside the legacy key");
            return message;
        }

        TnefAttachment? current = null;
        while (pos < end)
        {
            if (budget.IsExhausted)
            {
                TimedOut = true;
                break;
            }

            if (end - pos < AttributeHeaderSize)
            {
                message.Problems.Add($"{end - pos} stray bytes at offset {pos}");
                break;
            }

            reader.TryReadByte(pos, end, out var level);
            reader.TryReadUInt32(pos + 1, end, out var tag);
            reader.TryReadUInt32(pos + 5, end, out var length);
            if (level is not (TnefIds.LevelMessage or TnefIds.LevelAttachment))
            {
                message.Problems.Add($"invalid attribute level {level} at offset {pos}");
                break;
            }

            var dataStart = pos + AttributeHeaderSize;
            var available = end - dataStart;
            var truncated = length + 2L > available;
            var data = new ByteRange(dataStart, truncated ? Math.Max(0, Math.Min(length, available)) : length);
            if (truncated)
            {
                message.Problems.Add($"attribute 0x{tag:X8} at offset {pos} declares {length} bytes but {available} remain");
            }
            else if (reader.TryReadUInt16(data.End, end, out var checksum) && checksum != reader.Checksum(data))
            {
                message.Problems.Add($"checksum mismatch in attribute 0x{tag:X8} at offset {pos}");
            }

            current = level == TnefIds.LevelMessage
                ? OnMessageAttribute(message, (ushort)tag, data, current)
                : OnAttachmentAttribute(message, (ushort)tag, data, current);

            if (truncated)
            {
                break;
            }

            pos = data.End + 2;
        }

        return message;
    }

    private TnefAttachment? OnMessageAttribute(TnefMessage message, ushort id, ByteRange data, TnefAttachment? current)
    {
        switch (id)
        {
            case TnefIds.AttOemCodepage:
                if (reader.TryReadUInt32(data.Offset, data.End, out var codePage))
                {
                    message.Encoding = TnefText.GetEncoding((int)Math.Min(codePage, int.MaxValue));
                }

                break;
            case TnefIds.AttBody:
                message.Bodies.Add(new TnefBody("body.txt", "text/plain", TnefBodyKind.String8, data));
                break;
            case TnefIds.AttMsgProps:
                ReadProperties(message, data, v => OnMessageProperty(message, v));
                break;
        }

        return current;
    }

    private TnefAttachment OnAttachmentAttribute(TnefMessage message, ushort id, ByteRange data, TnefAttachment? current)
    {
        if (id == TnefIds.AttAttachRenddata || current is null)
        {
            current = new TnefAttachment();
            message.Attachments.Add(current);
        }

        var attachment = current;
        switch (id)
        {
            case TnefIds.AttAttachTitle:
                attachment.AddName(TnefText.Read(reader, data, utf16: false, message.Encoding), NameSource.TnefTitle, NamePriority.Title);
                break;
            case TnefIds.AttAttachTransportFilename:
                attachment.AddName(TnefText.Read(reader, data, utf16: false, message.Encoding), NameSource.TnefLongFilename, NamePriority.TransportName);
                break;
            case TnefIds.AttAttachData:
                attachment.Data.Add(data);
                break;
            case TnefIds.AttAttachment:
                ReadProperties(message, data, v => OnAttachmentProperty(message, attachment, v));
                break;
        }

        return attachment;
    }

    private void ReadProperties(TnefMessage message, ByteRange data, Action<MapiValue> onValue)
    {
        if (!MapiPropertyReader.Read(reader, data, onValue, out var error))
        {
            message.Problems.Add(error);
        }
    }

    private void OnMessageProperty(TnefMessage message, MapiValue value)
    {
        if (value.IsNamed)
        {
            return;
        }

        var kind = value.Type switch
        {
            TnefIds.PtUnicode => TnefBodyKind.Utf16,
            TnefIds.PtString8 => TnefBodyKind.String8,
            _ => TnefBodyKind.Raw,
        };
        switch (value.Id)
        {
            case TnefIds.PrRtfCompressed when value.Type == TnefIds.PtBinary:
                message.Bodies.Add(new TnefBody("body.rtf", "text/rtf", TnefBodyKind.CompressedRtf, value.Data));
                break;
            case TnefIds.PrBodyHtml when IsText(value.Type):
                message.Bodies.Add(new TnefBody("body.html", "text/html", kind, value.Data));
                break;
            case TnefIds.PrBody when IsText(value.Type):
                message.Bodies.Add(new TnefBody("body.txt", "text/plain", kind, value.Data));
                break;
        }
    }

    private void OnAttachmentProperty(TnefMessage message, TnefAttachment attachment, MapiValue value)
    {
        if (value.IsNamed)
        {
            return;
        }

        switch (value.Id)
        {
            case TnefIds.PrAttachLongFilename when IsText(value.Type):
                attachment.AddName(ReadText(message, value), NameSource.TnefLongFilename, NamePriority.LongFilename);
                break;
            case TnefIds.PrAttachFilename when IsText(value.Type):
                attachment.AddName(ReadText(message, value), NameSource.TnefTitle, NamePriority.ShortFilename);
                break;
            case TnefIds.PrDisplayName when IsText(value.Type):
                attachment.AddName(ReadText(message, value), NameSource.TnefDisplayName, NamePriority.DisplayName);
                break;
            case TnefIds.PrAttachExtension when IsText(value.Type):
                attachment.Extension = ReadText(message, value);
                break;
            case TnefIds.PrAttachMimeTag when IsText(value.Type):
                attachment.MimeTag = ReadText(message, value);
                break;
            case TnefIds.PrAttachMethod when value.Type == TnefIds.PtLong:
                if (reader.TryReadUInt32(value.Data.Offset, value.Data.End, out var method))
                {
                    attachment.Method = (int)method;
                }

                break;
            case TnefIds.PrAttachDataObj when value.Type == TnefIds.PtBinary:
                attachment.Data.Add(value.Data);
                break;
            case TnefIds.PrAttachDataObj when value.Type == TnefIds.PtObject:
                OnDataObject(attachment, value.Data);
                break;
        }
    }

    /// <summary>
    /// A PT_OBJECT value starts with the interface id. IID_IMessage followed by a TNEF signature is
    /// an attached message, read later as a nested stream; anything else (an OLE storage, a stream)
    /// is kept as attachment content.
    /// </summary>
    private void OnDataObject(TnefAttachment attachment, ByteRange data)
    {
        Span<byte> iid = stackalloc byte[16];
        if (!reader.TryRead(data.Offset, data.End, iid))
        {
            attachment.Data.Add(data);
            return;
        }

        var inner = new ByteRange(data.Offset + 16, data.Length - 16);
        if (iid.SequenceEqual(TnefIds.IidIMessage) &&
            reader.TryReadUInt32(inner.Offset, inner.End, out var signature) &&
            signature == TnefIds.Signature)
        {
            attachment.EmbeddedMessage = inner;
            return;
        }

        attachment.Data.Add(inner);
    }

    private string ReadText(TnefMessage message, MapiValue value) =>
        TnefText.Read(reader, value.Data, value.Type == TnefIds.PtUnicode, message.Encoding);

    private static bool IsText(ushort type) => type is TnefIds.PtString8 or TnefIds.PtUnicode or TnefIds.PtBinary;
}

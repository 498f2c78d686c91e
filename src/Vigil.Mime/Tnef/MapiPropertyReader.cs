namespace Vigil.Mime.Tnef;

/// <summary>
/// Walks a MAPI property stream (attMsgProps, attAttachment): a property count, then per property
/// a tag, an optional name (named properties), and one or more values. Values are reported as
/// ranges; nothing is buffered. Returns false with a reason when the stream is broken; the values
/// reported before that point stand.
/// </summary>
internal static class MapiPropertyReader
{
    private const uint NameKindId = 0;
    private const uint NameKindString = 1;

    public static bool Read(TnefStreamReader reader, ByteRange range, Action<MapiValue> onValue, out string error)
    {
        error = "";
        var end = range.End;
        var pos = range.Offset;
        if (!reader.TryReadUInt32(pos, end, out var count))
        {
            error = "MAPI property stream without a property count";
            return false;
        }

        pos += 4;

        // Each property takes at least 8 bytes, which bounds the loop whatever the count says.
        for (uint i = 0; i < count; i++)
        {
            if (!reader.TryReadUInt16(pos, end, out var type) || !reader.TryReadUInt16(pos + 2, end, out var id))
            {
                error = $"MAPI property stream ends after {i} of {count} properties";
                return false;
            }

            pos += 4;
            var named = id >= TnefIds.FirstNamedId;
            if (named && !TrySkipName(reader, ref pos, end))
            {
                error = $"broken name of MAPI property 0x{id:X4}";
                return false;
            }

            if (!TryReadValues(reader, ref pos, end, type, id, named, onValue))
            {
                error = $"broken value of MAPI property 0x{id:X4} (type 0x{type:X4})";
                return false;
            }
        }

        if (pos != end)
        {
            error = $"{end - pos} unexpected bytes after the MAPI properties";
            return false;
        }

        return true;
    }

    private static bool TrySkipName(TnefStreamReader reader, ref long pos, long end)
    {
        // GUID (16), kind (4), then an id (4) or a counted, padded UTF-16 string.
        if (!reader.TryReadUInt32(pos + 16, end, out var kind))
        {
            return false;
        }

        pos += 20;
        if (kind == NameKindId)
        {
            pos += 4;
            return pos <= end;
        }

        if (kind != NameKindString || !reader.TryReadUInt32(pos, end, out var length))
        {
            return false;
        }

        pos += 4;
        if (length > end - pos)
        {
            return false;
        }

        pos += Pad4(length);
        return pos <= end;
    }

    private static bool TryReadValues(TnefStreamReader reader, ref long pos, long end, ushort type, ushort id, bool named, Action<MapiValue> onValue)
    {
        var baseType = (ushort)(type & ~TnefIds.MultiValueFlag);
        var variable = baseType is TnefIds.PtString8 or TnefIds.PtUnicode or TnefIds.PtBinary or TnefIds.PtObject;
        uint values = 1;
        if (variable || (type & TnefIds.MultiValueFlag) != 0)
        {
            if (!reader.TryReadUInt32(pos, end, out values))
            {
                return false;
            }

            pos += 4;
        }

        for (uint v = 0; v < values; v++)
        {
            long size;
            if (variable)
            {
                if (!reader.TryReadUInt32(pos, end, out var length))
                {
                    return false;
                }

                pos += 4;
                size = length;
            }
            else
            {
                size = FixedSize(baseType);
                if (size < 0)
                {
                    return false;
                }
            }

            if (size > end - pos)
            {
                return false;
            }

            onValue(new MapiValue(baseType, id, named, new ByteRange(pos, size)));

            // Values are padded to 4 bytes; a final value may lack its padding.
            pos = Math.Min(pos + Pad4(size), end);
        }

        return true;
    }

    /// <summary>Bytes a fixed-size value takes in TNEF (16-bit values are padded to 4); -1 when unknown.</summary>
    private static long FixedSize(ushort baseType) => baseType switch
    {
        TnefIds.PtShort or TnefIds.PtBoolean or TnefIds.PtLong or TnefIds.PtFloat or TnefIds.PtError or TnefIds.PtNull => 4,
        TnefIds.PtDouble or TnefIds.PtCurrency or TnefIds.PtAppTime or TnefIds.PtI8 or TnefIds.PtSysTime => 8,
        TnefIds.PtClsid => 16,
        _ => -1,
    };

    private static long Pad4(long size) => (size + 3) & ~3L;
}

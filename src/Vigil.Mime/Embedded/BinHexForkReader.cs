using System.Buffers.Binary;
using System.Text;

namespace Vigil.Mime.Embedded;

/// <summary>
/// The byte layer of BinHex 4.0 (RFC 1741), after the 6-bit characters are turned into bytes:
/// undoes the 0x90 run-length scheme (0x90 n repeats the previous byte to n copies in all;
/// 0x90 0 is a literal 0x90), then reads the header (name length, name, version, type, creator,
/// flags, data and resource fork lengths, CRC), the data fork and its CRC. The resource fork is
/// not read: on Windows and Unix only the data fork becomes the file.
/// </summary>
internal sealed class BinHexForkReader
{
    // Name length byte + name (up to 63) + version, type, creator, flags, two lengths, CRC.
    private const int FixedHeaderTail = 1 + 4 + 4 + 2 + 4 + 4 + 2;

    private readonly EmbeddedChildWriter _writer;
    private readonly byte[] _header = new byte[1 + 63 + FixedHeaderTail];
    private readonly byte[] _pending = new byte[4096];
    private Stage _stage;
    private int _headerLength;
    private int _headerNeeded;
    private long _dataRemaining;
    private ushort _crc;
    private int _crcBytes;
    private ushort _storedCrc;
    private int _pendingLength;
    private byte _last;
    private bool _sawMarker;

    public BinHexForkReader(EmbeddedChildWriter writer)
    {
        _writer = writer;
    }

    private enum Stage
    {
        NameLength,
        Header,
        Data,
        DataCrc,
        Finished,
        Broken,
    }

    /// <summary>True once the data fork and its CRC were read (or reading gave up): later bytes are ignored.</summary>
    public bool IsFinished => _stage is Stage.Finished or Stage.Broken;

    /// <summary>What went wrong, for the anomaly; null when all was well.</summary>
    public string? Problem { get; private set; }

    /// <summary>Takes the next byte of the 6-bit decoded stream, before run-length expansion.</summary>
    public void Add(byte b)
    {
        if (_sawMarker)
        {
            _sawMarker = false;
            if (b == 0)
            {
                Emit(0x90);
                _last = 0x90;
            }
            else
            {
                // The previous byte was already emitted once; the run holds b copies in all.
                for (var i = 1; i < b && !IsFinished; i++)
                {
                    Emit(_last);
                }
            }
        }
        else if (b == 0x90)
        {
            _sawMarker = true;
        }
        else
        {
            Emit(b);
            _last = b;
        }
    }

    /// <summary>Writes what is buffered and notes a stream that ended before the data fork's CRC.</summary>
    public void Finish()
    {
        Flush();
        if (!IsFinished)
        {
            SetProblem(_stage is Stage.NameLength or Stage.Header ? "ended inside the header" : "ended inside the data fork");
        }
    }

    private void Emit(byte b)
    {
        switch (_stage)
        {
            case Stage.NameLength:
                // RFC 1741 names are 1 to 63 bytes; an empty name is read too (its data is what matters).
                if (b > 63)
                {
                    SetProblem($"header name length {b}");
                    _stage = Stage.Broken;
                    return;
                }

                _header[0] = b;
                _headerLength = 1;
                _headerNeeded = 1 + b + FixedHeaderTail;
                _stage = Stage.Header;
                return;

            case Stage.Header:
                _header[_headerLength++] = b;
                if (_headerLength == _headerNeeded)
                {
                    OpenFromHeader();
                }

                return;

            case Stage.Data:
                _crc = Crc16Xmodem.Update(_crc, b);
                _pending[_pendingLength++] = b;
                if (_pendingLength == _pending.Length)
                {
                    Flush();
                }

                if (--_dataRemaining == 0)
                {
                    Flush();
                    _stage = Stage.DataCrc;
                }

                return;

            case Stage.DataCrc:
                _storedCrc = (ushort)((_storedCrc << 8) | b);
                if (++_crcBytes == 2)
                {
                    if (_storedCrc != _crc)
                    {
                        SetProblem($"data fork CRC {_crc:x4} differs from the stored {_storedCrc:x4}");
                    }

                    _stage = Stage.Finished;
                }

                return;

            default:
                return;
        }
    }

    private void OpenFromHeader()
    {
        var nameLength = _header[0];
        var body = _header.AsSpan(0, _headerNeeded - 2);
        var stored = BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(_headerNeeded - 2));
        var computed = Crc16Xmodem.Update(0, body);
        if (stored != computed)
        {
            SetProblem($"header CRC {computed:x4} differs from the stored {stored:x4}");
        }

        // Mac file names are Mac Roman; Latin-1 reads their ASCII part right, which is what matters
        // for extensions.
        var name = Encoding.Latin1.GetString(_header, 1, nameLength);
        var lengths = _header.AsSpan(1 + nameLength + 1 + 4 + 4 + 2);
        _dataRemaining = BinaryPrimitives.ReadUInt32BigEndian(lengths);
        if (!_writer.Open(name))
        {
            _stage = Stage.Broken;
            return;
        }

        _crc = 0;
        _stage = _dataRemaining == 0 ? Stage.DataCrc : Stage.Data;
    }

    private void Flush()
    {
        if (_pendingLength == 0)
        {
            return;
        }

        if (!_writer.Write(_pending.AsSpan(0, _pendingLength)))
        {
            _stage = Stage.Broken;
        }

        _pendingLength = 0;
    }

    private void SetProblem(string text) => Problem = Problem is null ? text : Problem + "; " + text;
}

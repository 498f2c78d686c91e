using System.Text;
using Vigil.Engine.Dispositions.Logging;

namespace Vigil.Server.Local;

/// <summary>
/// The door's default log and warnings while the daemon judges its message: kept (bounded) and
/// sent back in the reply, so they end up where the door would have written them.
/// </summary>
internal sealed class CapturedLog : IMessageLogWriter
{
    private const int MaxLines = 100;
    private const int MaxWarningChars = 64 * 1024;

    private readonly List<string> _lines = [];
    private readonly BoundedWriter _warnings = new(MaxWarningChars);

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public TextWriter Warnings => _warnings;

    public string WarningText => _warnings.Text;

    public bool Write(string line)
    {
        lock (_lines)
        {
            if (_lines.Count < MaxLines)
            {
                _lines.Add(line);
            }
        }

        return true;
    }

    private sealed class BoundedWriter(int max) : TextWriter
    {
        private readonly StringBuilder _text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (_text)
            {
                if (_text.Length < max)
                {
                    _text.Append(value);
                }
            }
        }

        public override void Write(string? value)
        {
            lock (_text)
            {
                if (value is not null && _text.Length < max)
                {
                    _text.Append(value.AsSpan(0, Math.Min(value.Length, max - _text.Length)));
                }
            }
        }
    }
}

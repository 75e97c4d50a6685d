using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ambient.Abstractions.Json;

/// <summary>
/// The JSONPath subset Ambient's rules use (<see href="https://www.rfc-editor.org/rfc/rfc9535#name-singular-queries">RFC 9535
/// singular queries</see>): <c>$</c>, then member names (<c>.name</c>, <c>['name']</c>, <c>["name"]</c>) and array indexes
/// (<c>[0]</c>, <c>[-1]</c> from the end). Offline model rules and governance policies address event data and tool
/// arguments with it. Parsed once, evaluated per event or call; immutable, so one instance may be shared across threads.
/// </summary>
public sealed class JsonPathExpression
{
    private readonly Segment[] _segments;

    private JsonPathExpression(string text, Segment[] segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="path"/>.</summary>
    /// <param name="path">The path, e.g. <c>$.issue.labels[0].name</c>.</param>
    /// <returns>The parsed path.</returns>
    /// <exception cref="FormatException">The path is not in the supported subset; the message names the path, what is wrong and where.</exception>
    public static JsonPathExpression Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new JsonPathExpression(path, new Parser(path).ParseSegments());
    }

    /// <summary>Finds the value the path addresses; false when any step is missing or of the wrong kind.</summary>
    /// <param name="root">The document the path starts at (<c>$</c>).</param>
    /// <param name="value">The value found (a JSON null counts as found); <c>default</c> when not found.</param>
    /// <returns>True when every step of the path found its member or element.</returns>
    public bool TryEvaluate(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var segment in _segments)
        {
            if (!segment.TryStep(value, out value))
            {
                value = default;
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private readonly record struct Segment(string? Name, int Index)
    {
        public bool TryStep(JsonElement current, out JsonElement next)
        {
            next = default;
            if (Name is not null)
            {
                return current.ValueKind == JsonValueKind.Object && current.TryGetProperty(Name, out next);
            }

            if (current.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            var length = current.GetArrayLength();
            var position = Index < 0 ? length + Index : Index;
            if (position < 0 || position >= length)
            {
                return false;
            }

            next = current[position];
            return true;
        }
    }

    private struct Parser(string path)
    {
        private int _position;

        public Segment[] ParseSegments()
        {
            var segments = new List<Segment>();
            Expect('$', "'$' (the root)");
            while (_position < path.Length)
            {
                var c = path[_position++];
                segments.Add(c switch
                {
                    '.' => new Segment(ReadShorthandName(), 0),
                    '[' => ReadBracket(),
                    _ => throw Error($"unexpected '{c}'", _position - 1),
                });
            }

            return [.. segments];
        }

        private string ReadShorthandName()
        {
            var start = _position;
            while (_position < path.Length && IsNameChar(path[_position], first: _position == start))
            {
                _position++;
            }

            return _position > start ? path[start.._position] : throw Error("expected a member name after '.'", start);
        }

        private Segment ReadBracket()
        {
            if (_position < path.Length && path[_position] is '\'' or '"')
            {
                var name = ReadQuoted(path[_position++]);
                Expect(']', "']'");
                return new Segment(name, 0);
            }

            var start = _position;
            if (_position < path.Length && path[_position] == '-')
            {
                _position++;
            }

            while (_position < path.Length && char.IsAsciiDigit(path[_position]))
            {
                _position++;
            }

            if (!int.TryParse(path.AsSpan(start, _position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
            {
                throw Error("expected an array index or a quoted member name after '['", start);
            }

            Expect(']', "']'");
            return new Segment(null, index);
        }

        private string ReadQuoted(char quote)
        {
            var name = new StringBuilder();
            while (_position < path.Length)
            {
                var c = path[_position++];
                if (c == quote)
                {
                    return name.ToString();
                }

                if (c == '\\')
                {
                    if (_position >= path.Length)
                    {
                        break;
                    }

                    c = path[_position++];
                }

                name.Append(c);
            }

            throw Error($"unterminated quoted name (missing {quote})", path.Length);
        }

        private void Expect(char expected, string what)
        {
            if (_position >= path.Length || path[_position] != expected)
            {
                throw Error($"expected {what}", _position);
            }

            _position++;
        }

        private static bool IsNameChar(char c, bool first) =>
            char.IsAsciiLetter(c) || c == '_' || c > 0x7F || (!first && char.IsAsciiDigit(c));

        private readonly FormatException Error(string problem, int position) => new(string.Create(
            CultureInfo.InvariantCulture,
            $"Invalid JSONPath '{path}': {problem} at position {position}. Supported: $.a.b[0].c, $.a['b-c'], $.list[-1]."));
    }
}

using System.Globalization;

namespace Ambient.Tools.Internal;

/// <summary>
/// Caps text a tool hands the model: a result is read into the model's context, so an unbounded issue body or file
/// would crowd out everything else. The marker says how much was cut, so the model knows it saw only a part.
/// </summary>
internal static class TextCap
{
    /// <summary>The text, or its first <paramref name="maxChars"/> characters followed by a marker naming what was cut.</summary>
    public static string Apply(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        // Never split a surrogate pair: the cut text must stay valid UTF-16 for the JSON writer.
        var cut = char.IsHighSurrogate(text[maxChars - 1]) ? maxChars - 1 : maxChars;
        return string.Create(CultureInfo.InvariantCulture, $"{text.AsSpan(0, cut)}\n[... truncated: {text.Length - cut} more characters]");
    }
}

namespace Ambient.Runtime.Tools;

/// <summary>How tool results are bounded (configuration section <c>Ambient:Tools</c>).</summary>
public sealed class ToolOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Ambient:Tools";

    /// <summary>
    /// At most this many characters of a tool's result are journaled and shown to the model; the rest is cut with a marker
    /// saying how much was dropped. A checkpoint holds every result of its run, so this also bounds checkpoint size.
    /// </summary>
    public int MaxResultCharacters { get; set; } = 16_000;

    /// <summary>Cuts <paramref name="text"/> to <see cref="MaxResultCharacters"/>, saying so.</summary>
    public string Cap(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= MaxResultCharacters
            ? text
            : string.Concat(text.AsSpan(0, MaxResultCharacters), $"\n... (truncated: the first {MaxResultCharacters} of {text.Length} characters are shown)");
    }
}

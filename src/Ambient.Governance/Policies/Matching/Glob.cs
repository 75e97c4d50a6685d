namespace Ambient.Governance.Policies.Matching;

/// <summary>A case-sensitive pattern where <c>*</c> stands for any run of characters (dots and colons too), matched as a whole.</summary>
internal sealed class Glob
{
    private static readonly char[] s_unsupported = ['?', '[', ']', '{', '}'];

    private Glob(string pattern) => Pattern = pattern;

    public string Pattern { get; }

    /// <summary>Why <paramref name="pattern"/> is not a glob, or null when it is one.</summary>
    public static string? Problem(string pattern)
    {
        if (pattern.Length == 0)
        {
            return "is empty";
        }

        if (pattern.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "contains whitespace";
        }

        return pattern.IndexOfAny(s_unsupported) is var at and >= 0
            ? $"uses '{pattern[at]}', but '*' is the only wildcard"
            : null;
    }

    /// <exception cref="ArgumentException">The pattern is not a glob (see <see cref="Problem"/>).</exception>
    public static Glob Create(string pattern) =>
        Problem(pattern) is { } problem ? throw new ArgumentException($"'{pattern}' {problem}", nameof(pattern)) : new Glob(pattern);

    public bool IsMatch(string text)
    {
        // Two cursors; on a mismatch, retry from the last '*' one character further into the text. Linear for one '*',
        // O(pattern × text) at worst, never exponential: no regex engine involved.
        int p = 0, t = 0, star = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < Pattern.Length && Pattern[p] == '*')
            {
                star = p++;
                starText = t;
            }
            else if (p < Pattern.Length && Pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (p < Pattern.Length && Pattern[p] == '*')
        {
            p++;
        }

        return p == Pattern.Length;
    }

    public override string ToString() => Pattern;
}

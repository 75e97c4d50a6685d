namespace Ambient.Llm.Offline;

/// <summary>Case-sensitive glob matching of CloudEvent types, where <c>*</c> stands for any run of characters (also dots).</summary>
internal static class TypeGlob
{
    /// <summary>True when <paramref name="text"/> matches <paramref name="pattern"/> as a whole.</summary>
    public static bool IsMatch(string pattern, string text)
    {
        // Greedy two-pointer match with backtracking to the last '*': linear in practice, no regex needed.
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}

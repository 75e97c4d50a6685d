namespace Ambient.Runtime.Agents;

/// <summary>Matches CloudEvent types against patterns where <c>*</c> stands for any run of characters.</summary>
internal static class Glob
{
    public static bool IsMatch(string pattern, string value) => IsMatch(pattern.AsSpan(), value.AsSpan());

    private static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> value)
    {
        var star = pattern.IndexOf('*');
        if (star < 0)
        {
            return pattern.SequenceEqual(value);
        }

        if (!value.StartsWith(pattern[..star]))
        {
            return false;
        }

        var rest = pattern[(star + 1)..];
        for (var i = star; i <= value.Length; i++)
        {
            if (IsMatch(rest, value[i..]))
            {
                return true;
            }
        }

        return false;
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ambient.Governance.Policies.Matching;

/// <summary>A test of an argument condition (<c>regex</c>, <c>equals</c>, <c>in</c>, <c>exists</c>, the comparisons).</summary>
internal abstract class ArgumentTest
{
    /// <summary>Null when the test holds; otherwise why not. <paramref name="value"/> is null when the argument is missing or JSON null.</summary>
    public abstract string? WhyNot(string path, JsonElement? value);

    /// <summary>The test of the argument at <paramref name="path"/> in a few words, e.g. <c>$.replicas greater than 10</c>.</summary>
    public abstract string Describe(string path);

    public static ArgumentTest Exists(bool exists) => new ExistsTest(exists);

    /// <param name="regex">Built with a match timeout: a pattern that runs away is a no-match, not a hung worker.</param>
    public static ArgumentTest Matches(Regex regex) => new RegexTest(regex);

    public static ArgumentTest EqualTo(string expected) => new InTest([expected], single: true);

    public static ArgumentTest OneOf(IReadOnlyList<string> allowed) => new InTest(allowed, single: false);

    public static ArgumentTest Compare(ComparisonKind kind, double bound) => new ComparisonTest(kind, bound);

    private static string Missing(string path) => $"{path} is missing";

    private sealed class ExistsTest(bool exists) : ArgumentTest
    {
        public override string? WhyNot(string path, JsonElement? value) => (value is not null, exists) switch
        {
            (true, false) => $"{path} exists",
            (false, true) => Missing(path),
            _ => null,
        };

        public override string Describe(string path) => exists ? $"{path} exists" : $"{path} is missing";
    }

    private sealed class RegexTest(Regex regex) : ArgumentTest
    {
        public override string Describe(string path) => $"{path} matches {regex}";

        public override string? WhyNot(string path, JsonElement? value)
        {
            if (value is not { } present)
            {
                return Missing(path);
            }

            var text = ArgumentValues.ToText(present);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return regex.IsMatch(text) ? null : $"{path} {ArgumentValues.Show(present)} does not match {regex}";
                }
                catch (RegexMatchTimeoutException) when (attempt == 1)
                {
                    // The timeout is wall-clock time: a cold start (the regex interpreter's first JIT), a GC pause or a busy
                    // core can use it up on a pattern that is fine. A pattern that really runs away times out again.
                }
                catch (RegexMatchTimeoutException)
                {
                    return string.Create(CultureInfo.InvariantCulture,
                        $"{path}: regex {regex} timed out after {regex.MatchTimeout.TotalMilliseconds} ms, twice, on {ArgumentValues.Show(present)} (counted as no match)");
                }
            }
        }
    }

    private sealed class InTest(IReadOnlyList<string> allowed, bool single) : ArgumentTest
    {
        public override string Describe(string path) => single ? $"{path} equals '{allowed[0]}'" : $"{path} is one of [{string.Join(", ", allowed)}]";

        public override string? WhyNot(string path, JsonElement? value)
        {
            if (value is not { } present)
            {
                return Missing(path);
            }

            if (allowed.Any(expected => ArgumentValues.AreEqual(present, expected)))
            {
                return null;
            }

            return single
                ? $"{path} {ArgumentValues.Show(present)} does not equal '{allowed[0]}'"
                : $"{path} {ArgumentValues.Show(present)} is not one of [{string.Join(", ", allowed)}]";
        }
    }

    private sealed class ComparisonTest(ComparisonKind kind, double bound) : ArgumentTest
    {
        public override string Describe(string path) => string.Create(CultureInfo.InvariantCulture, $"{path} {Describe(kind)} {bound}");

        public override string? WhyNot(string path, JsonElement? value)
        {
            if (value is not { } present)
            {
                return Missing(path);
            }

            if (!ArgumentValues.TryNumber(present, out var number))
            {
                return $"{path} {ArgumentValues.Show(present)} is not a number";
            }

            var holds = kind switch
            {
                ComparisonKind.GreaterThan => number > bound,
                ComparisonKind.GreaterOrEqual => number >= bound,
                ComparisonKind.LessThan => number < bound,
                _ => number <= bound,
            };
            return holds ? null : string.Create(CultureInfo.InvariantCulture, $"{path} {ArgumentValues.Show(present)} is not {Describe(kind)} {bound}");
        }

        private static string Describe(ComparisonKind kind) => kind switch
        {
            ComparisonKind.GreaterThan => "greater than",
            ComparisonKind.GreaterOrEqual => "greater than or equal to",
            ComparisonKind.LessThan => "less than",
            _ => "less than or equal to",
        };
    }
}

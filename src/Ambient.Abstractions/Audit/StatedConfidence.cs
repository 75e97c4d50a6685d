using System.Globalization;
using System.Text.RegularExpressions;

namespace Ambient.Abstractions.Audit;

/// <summary>
/// The confidence a model states in its own words, as policies and the audit read it: <c>confidence: 0.8</c>,
/// <c>Confidence = 80%</c> or <c>confidence 0.8</c> anywhere in the text; the last one stated counts. A system prompt
/// asks for it ("end with your confidence, 0 to 1"); a model that says nothing has stated none.
/// </summary>
public static partial class StatedConfidence
{
    /// <summary>Only the end of a reply is read: confidence is stated last, and a huge reply must not cost a scan per call.</summary>
    public const int ReadCharacters = 4_096;

    /// <summary>The last confidence stated in <paramref name="text"/>, 0 to 1; null when there is none or it is out of range.</summary>
    public static double? In(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        double? stated = null;
        try
        {
            foreach (Match match in Pattern().Matches(text.Length > ReadCharacters ? text[^ReadCharacters..] : text))
            {
                var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
                // "80%" and "confidence: 80" are percentages; "0.8" is a fraction.
                var fraction = match.Groups["percent"].Success || value > 1 ? value / 100 : value;
                stated = fraction is >= 0 and <= 1 ? fraction : stated;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // Too long to read: what was read so far stands; unread, the model stated none.
        }

        return stated;
    }

    // Bounded: a model's reply is untrusted text, and a pathological one must not stall the run on a regex.
    [GeneratedRegex(@"\bconfidence\b\s*(?:[:=]|of|is)?\s*(?<value>\d{1,3}(?:\.\d{1,6})?)\s*(?<percent>%)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Pattern();
}

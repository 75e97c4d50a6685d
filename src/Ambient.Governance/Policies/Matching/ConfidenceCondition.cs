using System.Globalization;

namespace Ambient.Governance.Policies.Matching;

/// <summary>
/// <c>confidence</c>: the confidence the model stated is <c>below</c> (exclusive) and/or <c>atLeast</c> (inclusive) a
/// bound. Unknown counts as 0: a model that states nothing is treated as unsure, so <c>below</c> holds for it and
/// <c>atLeast</c> does not.
/// </summary>
internal sealed class ConfidenceCondition(double? below, double? atLeast) : IRuleCondition
{
    public string? WhyNot(PolicyInput input)
    {
        var confidence = input.Confidence ?? 0;
        var shown = input.Confidence is null ? "unknown (counted as 0)" : confidence.ToString(CultureInfo.InvariantCulture);
        if (below is { } upper && !(confidence < upper))
        {
            return string.Create(CultureInfo.InvariantCulture, $"confidence {shown} is not below {upper}");
        }

        if (atLeast is { } lower && !(confidence >= lower))
        {
            return string.Create(CultureInfo.InvariantCulture, $"confidence {shown} is not at least {lower}");
        }

        return null;
    }

    public bool? HoldsFor(string agent, string tool) => null;

    public string Describe() => (atLeast, below) switch
    {
        ({ } lower, { } upper) => string.Create(CultureInfo.InvariantCulture, $"confidence at least {lower} and below {upper}"),
        ({ } lower, null) => string.Create(CultureInfo.InvariantCulture, $"confidence at least {lower}"),
        (null, var upper) => string.Create(CultureInfo.InvariantCulture, $"confidence below {upper} (or not stated)"),
    };
}

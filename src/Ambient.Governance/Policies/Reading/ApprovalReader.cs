using System.Globalization;
using System.Text.RegularExpressions;

namespace Ambient.Governance.Policies.Reading;

/// <summary>
/// Reads <c>approvers</c>, <c>expiresIn</c> and <c>onExpiry</c>, which belong to an approve decision only (a rule's, or a
/// policy's <c>default: approve</c>): elsewhere they are errors, and an approve without approvers has nobody to ask.
/// </summary>
internal static partial class ApprovalReader
{
    private static readonly string[] s_keys = ["approvers", "expiresIn", "onExpiry"];

    /// <param name="section">The rule or the policy.</param>
    /// <param name="verdict">What it decides.</param>
    /// <param name="decisionField">The field that said so, for errors: <c>rules[0].decision</c> or <c>default</c>.</param>
    public static Approval? Read(YamlMap section, PolicyVerdict verdict, string decisionField)
    {
        if (verdict != PolicyVerdict.Approve)
        {
            foreach (var key in s_keys)
            {
                if (section.Find(key) is { } value)
                {
                    throw section.Error(value, $"{section.Field(key)} is only for {decisionField} approve, not {verdict.ToText()}");
                }
            }

            return null;
        }

        var approvers = section.OptionalList("approvers")
            ?? throw section.Error(section.Node, $"{section.Field("approvers")} is required when {decisionField} is approve: who may answer (Slack user ids or user names)");
        foreach (var (approver, index) in approvers.Select((approver, index) => (approver, index)))
        {
            if (approver.Value!.Any(char.IsWhiteSpace))
            {
                throw section.Error(approver, $"{section.Item("approvers", index)} '{approver.Value}' must be a Slack user id or user name, without spaces");
            }
        }

        return new Approval([.. approvers.Select(approver => approver.Value!)], ReadDuration(section, "expiresIn") ?? Approval.DefaultExpiresIn, ReadOnExpiry(section));
    }

    private static TimeSpan? ReadDuration(YamlMap section, string key)
    {
        if (section.OptionalString(key) is not { } text)
        {
            return null;
        }

        if (DurationPattern().Match(text) is not { Success: true } match)
        {
            throw section.Error(section.Find(key)!, $"{section.Field(key)} must be a duration like 30s, 15m, 1h or 2d, got '{text}'");
        }

        var amount = int.Parse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromDays(amount),
        };
    }

    private static PolicyVerdict ReadOnExpiry(YamlMap section) => section.OptionalString("onExpiry") switch
    {
        null or "deny" => PolicyVerdict.Deny,
        "allow" => PolicyVerdict.Allow,
        var other => throw section.Error(section.Find("onExpiry")!, $"{section.Field("onExpiry")} must be deny or allow, got '{other}'"),
    };

    [GeneratedRegex("^([1-9][0-9]{0,5})([smhd])$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}

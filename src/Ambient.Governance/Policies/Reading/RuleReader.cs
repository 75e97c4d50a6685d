namespace Ambient.Governance.Policies.Reading;

/// <summary>Reads one entry of <c>rules</c>: its name, match, decision, reason and, for approve, its approval.</summary>
internal static class RuleReader
{
    private static readonly string[] s_keys = ["name", "match", "decision", "reason", "approvers", "expiresIn", "onExpiry"];

    public static PolicyRule Read(YamlMap section)
    {
        section.AllowOnly(s_keys);
        var name = section.RequiredString("name");
        if (!PolicyReader.IsName(name))
        {
            throw section.Error(section.Find("name")!, $"{section.Field("name")} '{name}' must be lower-case letters, digits and dashes, starting with a letter");
        }

        var verdict = PolicyReader.ReadVerdict(section, "decision") ?? throw section.Error(section.Node, $"{section.Field("decision")} is required");
        var approval = ApprovalReader.Read(section, verdict, section.Field("decision"));
        var reason = section.OptionalString("reason");
        return new PolicyRule(name, verdict, string.IsNullOrWhiteSpace(reason) ? null : reason, approval, MatchReader.Read(section));
    }
}

namespace Ambient.Governance.Policies;

/// <summary>Who may answer an <see cref="PolicyVerdict.Approve"/> decision, how long it waits, and what happens then.</summary>
/// <param name="Approvers">Slack user ids or user names; at least one.</param>
/// <param name="ExpiresIn">How long the request waits for an answer.</param>
/// <param name="OnExpiry"><see cref="PolicyVerdict.Deny"/> or <see cref="PolicyVerdict.Allow"/>.</param>
internal sealed record Approval(IReadOnlyList<string> Approvers, TimeSpan ExpiresIn, PolicyVerdict OnExpiry)
{
    /// <summary>An approval waits an hour unless the rule says otherwise.</summary>
    public static readonly TimeSpan DefaultExpiresIn = TimeSpan.FromHours(1);
}

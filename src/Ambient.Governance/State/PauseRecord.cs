namespace Ambient.Governance.State;

/// <summary>An agent paused by the kill switch (or every agent, <see cref="GovernanceKeys.AllAgents"/>): who, why and when.</summary>
/// <param name="Agent">The agent's name, or <c>*</c> for all of them.</param>
/// <param name="Reason">Why, as the operator said it.</param>
/// <param name="By">Who paused (the OS user of <c>ambient pause</c>, or the console's signed-in user).</param>
/// <param name="At">When the pause was written.</param>
public sealed record PauseRecord(string Agent, string? Reason, string? By, DateTimeOffset At);

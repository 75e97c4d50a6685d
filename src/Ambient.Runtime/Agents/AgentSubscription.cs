namespace Ambient.Runtime.Agents;

/// <summary>A topic an agent consumes and the CloudEvent type patterns (globs) it handles there; none = all.</summary>
public sealed record AgentSubscription(string Topic, IReadOnlyList<string> Types);

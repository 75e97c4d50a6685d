namespace Ambient.Runtime.ToolCalls;

/// <summary>The kinds of <see cref="ToolCallDecision"/>.</summary>
public enum ToolCallVerdict
{
    /// <summary>Go on.</summary>
    Allow,

    /// <summary>Refuse the call; the run goes on.</summary>
    Deny,

    /// <summary>Park the run with the call undecided.</summary>
    Park,
}

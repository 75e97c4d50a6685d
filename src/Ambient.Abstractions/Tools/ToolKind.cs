namespace Ambient.Abstractions.Tools;

/// <summary>What calling a tool does to the world, which decides how the runtime treats the call.</summary>
public enum ToolKind
{
    /// <summary>Observes only: runs during the run, and its result is journaled in the step's checkpoint before the model sees it.</summary>
    Read,

    /// <summary>Changes the world: never runs in the worker; the call becomes an action record that an executor applies.</summary>
    Effect,
}

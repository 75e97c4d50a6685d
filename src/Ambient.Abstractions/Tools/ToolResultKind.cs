namespace Ambient.Abstractions.Tools;

/// <summary>The shapes of <see cref="ToolResult"/>.</summary>
public enum ToolResultKind
{
    /// <summary>Text or JSON the model reads.</summary>
    Content,

    /// <summary>An error the model reads.</summary>
    Failed,

    /// <summary>An action to propose.</summary>
    Action,

    /// <summary>A request to another agent; the run parks.</summary>
    Delegation,
}

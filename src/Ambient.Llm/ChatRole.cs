namespace Ambient.Llm;

/// <summary>Who speaks in a <see cref="ChatTurn"/>.</summary>
public enum ChatRole
{
    /// <summary>The event prompt.</summary>
    User,

    /// <summary>The model.</summary>
    Assistant,

    /// <summary>A tool's result.</summary>
    Tool,
}

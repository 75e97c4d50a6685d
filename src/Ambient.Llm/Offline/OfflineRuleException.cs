namespace Ambient.Llm.Offline;

/// <summary>
/// An offline rule cannot be used: a bad JSONPath, template, glob or regex, or a tool name that is not
/// <c>plugin.function</c>. The message names the rule and the offending text, so an agent author can fix the YAML.
/// </summary>
public sealed class OfflineRuleException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public OfflineRuleException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public OfflineRuleException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public OfflineRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

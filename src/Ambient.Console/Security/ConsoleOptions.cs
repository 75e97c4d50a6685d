namespace Ambient.Supervisor.Security;

/// <summary>Who may use the console, bound from <c>Ambient:Console</c>.</summary>
public sealed class ConsoleOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Console";

    /// <summary>Shortest token accepted: a guessable token would open every action to whoever reaches the port.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>The operator's token (<c>Ambient__Console__Token</c>): signs in with every action allowed. Required.</summary>
    public string? Token { get; set; }

    /// <summary>A token that signs in read-only: every page, no action. Optional.</summary>
    public string? ReadOnlyToken { get; set; }

    /// <summary>What is wrong with these settings, one line each, naming the key.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Token) || Token.Trim().Length < MinimumTokenLength)
        {
            yield return $"{SectionName}:Token must be set to at least {MinimumTokenLength} characters (Ambient__Console__Token); `ambient up` generates one and prints it.";
        }

        if (ReadOnlyToken is { } readOnly && (readOnly.Trim().Length < MinimumTokenLength || readOnly == Token))
        {
            yield return $"{SectionName}:ReadOnlyToken must be at least {MinimumTokenLength} characters and differ from {SectionName}:Token.";
        }
    }
}

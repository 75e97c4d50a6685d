namespace Ambient.Broker.Storage;

/// <summary>Kafka's topic name rules: 1-249 characters of [a-zA-Z0-9._-], not "." or "..".</summary>
internal static class TopicNames
{
    public const int MaxLength = 249;

    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "Topic name is empty.";
        }

        if (name is "." or "..")
        {
            return $"Topic name cannot be \"{name}\".";
        }

        if (name.Length > MaxLength)
        {
            return $"Topic name is {name.Length} characters; the limit is {MaxLength}.";
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return $"Topic name \"{name}\" has the illegal character '{c}'; use ASCII letters, digits, '.', '_' and '-'.";
            }
        }

        return null;
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ambient.Abstractions.Tools;

/// <summary>
/// What the model and the runtime know about a tool: its name <c>plugin.function</c> (the name agent files list), what
/// it does, the JSON schema of its arguments (an object schema), and whether it reads or has an effect.
/// </summary>
public sealed partial record ToolDescriptor
{
    /// <summary>Describes a tool.</summary>
    /// <exception cref="ArgumentException">The name is not <c>plugin.function</c> of letters, digits and underscores, or the schema is not a JSON object.</exception>
    public ToolDescriptor(string name, string description, JsonElement parameters, ToolKind kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsValidName(name))
        {
            throw new ArgumentException(
                $"Tool name '{name}' is not 'plugin.function' of letters, digits and underscores (model APIs accept no other characters).", nameof(name));
        }

        if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"Tool '{name}': the parameters schema must be a JSON object, got {parameters.ValueKind}.", nameof(parameters));
        }

        Name = name;
        Description = description ?? string.Empty;
        Parameters = parameters.Clone();
        Kind = kind;
    }

    /// <summary>The tool's name, <c>plugin.function</c>.</summary>
    public string Name { get; }

    /// <summary>What the tool does, for the model.</summary>
    public string Description { get; }

    /// <summary>JSON schema of the arguments object.</summary>
    public JsonElement Parameters { get; }

    /// <summary>Read or effect.</summary>
    public ToolKind Kind { get; }

    /// <summary>The part before the dot, e.g. <c>github</c>.</summary>
    public string Plugin => Name[..Name.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>The part after the dot, e.g. <c>get_issue</c>.</summary>
    public string Function => Name[(Name.IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>True for <c>plugin.function</c> of letters, digits and underscores.</summary>
    public static bool IsValidName(string name) => name is not null && NamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_]+\\.[A-Za-z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}

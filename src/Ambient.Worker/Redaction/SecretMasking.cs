using System.Text.RegularExpressions;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Redaction;
using Microsoft.Extensions.Configuration;

namespace Ambient.Worker.Redaction;

/// <summary>
/// The worker's <see cref="SecretMasker"/>, from <c>Ambient:Redaction</c>: the built-in patterns less those named in
/// <c>Disabled</c>, plus <c>Patterns:&lt;name&gt;</c> (a .NET regex; a group named <c>value</c> masks only that part), and
/// the literal values of Ambient's own secrets: every setting whose name says it is one (a token, secret, password or
/// API key, <c>sasl.password</c>) and the API key of each agent's model (<c>apiKeyEnv</c>).
/// </summary>
internal static partial class SecretMasking
{
    public const string SectionName = "Ambient:Redaction";

    /// <exception cref="InvalidOperationException">A pattern does not compile, or a disabled name is not a built-in; the message names the key.</exception>
    public static SecretMasker From(IConfiguration configuration, IEnumerable<AgentDefinition> agents)
    {
        var section = configuration.GetSection(SectionName);
        var disabled = section.GetSection("Disabled").GetChildren().Select(c => c.Value).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (disabled.Except(SecretPattern.BuiltIn.Select(p => p.Name)).FirstOrDefault() is { } unknown)
        {
            throw new InvalidOperationException(
                $"{SectionName}:Disabled names '{unknown}', which is not a built-in pattern ({string.Join(", ", SecretPattern.BuiltIn.Select(p => p.Name))}).");
        }

        var patterns = SecretPattern.BuiltIn.Where(p => !disabled.Contains(p.Name)).ToList();
        foreach (var pattern in section.GetSection("Patterns").GetChildren())
        {
            try
            {
                patterns.Add(new SecretPattern(pattern.Key, SecretPattern.Compile(pattern.Value ?? string.Empty)));
            }
            catch (ArgumentException ex)
            {
                throw new InvalidOperationException($"{pattern.Path} is not a regular expression: {ex.Message}", ex);
            }
        }

        return new SecretMasker(patterns, Literals(configuration, agents));
    }

    private static IEnumerable<string> Literals(IConfiguration configuration, IEnumerable<AgentDefinition> agents)
    {
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is { Length: > 0 } && SecretSetting().IsMatch(key[(key.LastIndexOf(':') + 1)..]))
            {
                yield return value;
            }
        }

        foreach (var variable in agents.SelectMany(a => a.Model.Fallbacks.Prepend(a.Model)).Select(m => m.ApiKeyEnvironmentVariable).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } apiKey)
            {
                yield return apiKey;
            }
        }
    }

    // Setting names that hold a secret: BotToken, Token, SigningSecret, Secret, sasl.password, ApiKey, ssl.key.password.
    [GeneratedRegex(@"(?:token|secret|password|api[_.-]?key)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretSetting();
}

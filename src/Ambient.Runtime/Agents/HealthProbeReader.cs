using System.Text.RegularExpressions;

namespace Ambient.Runtime.Agents;

/// <summary>Reads <c>healthProbe: { type: semantic, intervalSeconds, prompt, expect, failureThreshold, successThreshold, timeoutSeconds }</c>.</summary>
internal static class HealthProbeReader
{
    public static HealthProbeSpec? Read(YamlSection? section)
    {
        if (section is null)
        {
            return null;
        }

        section.AllowOnly("type", "intervalSeconds", "prompt", "expect", "failureThreshold", "successThreshold", "timeoutSeconds");
        if (section.OptionalString("type") is { } type && type != "semantic")
        {
            throw section.Error(section.Find("type")!, $"{section.Field("type")} must be semantic, got '{type}'");
        }

        var expect = section.OptionalString("expect") ?? "^HEALTHY$";
        Regex pattern;
        try
        {
            pattern = new Regex(expect, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw section.Error(section.Find("expect")!, $"{section.Field("expect")} is not a regular expression: {ex.Message}");
        }

        return new HealthProbeSpec(
            TimeSpan.FromSeconds(section.OptionalPositiveInt("intervalSeconds", 60)),
            section.OptionalString("prompt") ?? "Reply with exactly one word: HEALTHY",
            pattern,
            section.OptionalPositiveInt("failureThreshold", 3),
            section.OptionalPositiveInt("successThreshold", 1),
            TimeSpan.FromSeconds(section.OptionalPositiveInt("timeoutSeconds", 30)));
    }
}

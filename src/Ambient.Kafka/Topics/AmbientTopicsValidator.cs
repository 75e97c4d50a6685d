using System.Buffers;
using Microsoft.Extensions.Options;

namespace Ambient.Kafka.Topics;

/// <summary>
/// Checks every topic name in <see cref="AmbientTopics"/> (all its string properties, so new topics are covered)
/// against Kafka's rules: 1 to 249 characters of letters, digits, '.', '_' and '-', and not "." or "..".
/// </summary>
internal sealed class AmbientTopicsValidator : IValidateOptions<AmbientTopics>
{
    private const int MaxLength = 249;
    private static readonly SearchValues<char> s_legal = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    public ValidateOptionsResult Validate(string? name, AmbientTopics options)
    {
        var failures = typeof(AmbientTopics).GetProperties()
            .Where(property => property.PropertyType == typeof(string) && property.CanRead)
            .Select(property => Check(property.Name, (string?)property.GetValue(options)))
            .OfType<string>()
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? Check(string property, string? topic) => topic switch
    {
        null or "" => $"{AmbientTopics.SectionName}:{property} is required.",
        "." or ".." => $"{AmbientTopics.SectionName}:{property} cannot be '{topic}'.",
        { Length: > MaxLength } => $"{AmbientTopics.SectionName}:{property} is longer than Kafka's {MaxLength} characters.",
        _ when topic.AsSpan().ContainsAnyExcept(s_legal) =>
            $"{AmbientTopics.SectionName}:{property} '{topic}' is not a Kafka topic name; use letters, digits, '.', '_' and '-'.",
        _ => null,
    };
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Events;

namespace Ambient.Runtime.Schedules;

/// <summary>
/// Builds the weekly-digest tick: the week's events aggregated (by type, by repository) into the data
/// of an <c>io.ambient.schedule.weekly-digest</c> CloudEvent, with a plain-text summary the digest
/// agent sends as is (offline) or rewrites (with a model). The tick id is derived from the window, so
/// running the schedule twice for one week yields one run per event id.
/// </summary>
public static class WeeklyDigest
{
    /// <summary>The schedule's name, and the suffix of its CloudEvent type.</summary>
    public const string Name = "weekly-digest";

    private const int TopRepositories = 10;

    /// <summary>Aggregates <paramref name="events"/> seen in [<paramref name="from"/>, <paramref name="to"/>) into a tick event.</summary>
    public static AmbientEvent Build(IEnumerable<AmbientEvent> events, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string> recipients)
    {
        var list = events.ToList();
        var byType = list.GroupBy(e => e.Type).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        var byRepository = list.Select(RepositoryOf).OfType<string>().GroupBy(r => r)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(TopRepositories)
            .ToDictionary(g => g.Key, g => g.Count());
        var window = new JsonObject { ["from"] = Day(from), ["to"] = Day(to) };
        var data = new JsonObject
        {
            ["schedule"] = Name,
            ["window"] = window,
            ["recipients"] = new JsonArray([.. recipients.Select(r => JsonValue.Create(r))]),
            ["totals"] = new JsonObject
            {
                ["events"] = list.Count,
                ["issuesOpened"] = Count(byType, "com.github.issues.opened"),
                ["pullRequestsOpened"] = Count(byType, "com.github.pull_request.opened"),
                ["pushes"] = Count(byType, "com.github.push"),
            },
            ["byType"] = new JsonObject(byType.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["byRepository"] = new JsonObject(byRepository.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["summary"] = Summary(list.Count, byType, byRepository, from, to),
        };

        return new AmbientEvent(
            $"{Name}/{Day(to)}",
            "ambient://scheduler",
            CloudEventTypes.Schedule(Name),
            Name,
            to,
            "application/json",
            JsonSerializer.SerializeToUtf8Bytes(data)) { PartitionKey = $"schedule:{Name}", Ingress = IngressKinds.Schedule };
    }

    /// <summary>The repository an event is about: <c>data.repository.full_name</c>, else the subject before <c>#</c>.</summary>
    public static string? RepositoryOf(AmbientEvent input)
    {
        if (input.TryGetJsonData() is { ValueKind: JsonValueKind.Object } data
            && data.TryGetProperty("repository", out var repository) && repository.ValueKind == JsonValueKind.Object
            && repository.TryGetProperty("full_name", out var fullName) && fullName.ValueKind == JsonValueKind.String)
        {
            return fullName.GetString();
        }

        return input.Type.StartsWith("com.github.", StringComparison.Ordinal) && input.Subject is { } subject
            ? subject.Split('#')[0]
            : null;
    }

    private static string Summary(int total, Dictionary<string, int> byType, Dictionary<string, int> byRepository, DateTimeOffset from, DateTimeOffset to)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Activity from {Day(from)} to {Day(to)}: {total} events.");
        if (total == 0)
        {
            text.AppendLine("A quiet week: no events arrived.");
            return text.ToString();
        }

        text.AppendLine();
        text.AppendLine("By kind:");
        foreach (var (type, count) in byType)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {type}: {count}");
        }

        if (byRepository.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Busiest repositories:");
            foreach (var (repository, count) in byRepository)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {repository}: {count}");
            }
        }

        return text.ToString();
    }

    private static int Count(Dictionary<string, int> byType, string type) => byType.GetValueOrDefault(type);

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

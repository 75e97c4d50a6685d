using System.CommandLine;
using System.Text;
using System.Text.Json;
using Ambient.Abstractions.Events;
using Ambient.Kafka;
using Ambient.Kafka.CloudEvents;
using Ambient.Kafka.Producers;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Cli.Commands;

/// <summary><c>ambient publish</c>: writes one CloudEvent in binary mode, e.g. to replay a webhook payload by hand.</summary>
internal static class PublishCommand
{
    public static Command Create()
    {
        var topic = new Option<string>("--topic") { Description = "Topic to write to, e.g. ambient.events.github.", Required = true };
        var type = new Option<string>("--type") { Description = "CloudEvent type, e.g. com.github.issues.opened.", Required = true };
        var source = new Option<string>("--source") { Description = "CloudEvent source, a URI-reference, e.g. https://github.com/owner/repo.", Required = true };
        var data = new Option<string>("--data") { Description = "The event data: @path to send a file byte for byte, or inline text.", Required = true };
        var subject = new Option<string?>("--subject") { Description = "CloudEvent subject, e.g. issues/42." };
        var key = new Option<string?>("--key") { Description = "Record key; records with one key stay in one partition, in order (e.g. github:owner/repo#42)." };
        var id = new Option<string?>("--id") { Description = "CloudEvent id. Default: a new GUID." };
        var contentType = new Option<string>("--content-type") { Description = "The data's media type; JSON types are checked before sending.", DefaultValueFactory = _ => "application/json" };
        var bootstrap = KafkaConnection.BootstrapOption();
        var timeout = KafkaConnection.TimeoutOption();
        var command = new Command("publish", "Publish one CloudEvent (binary content mode) and print where it was written.")
        {
            topic, type, source, data, subject, key, id, contentType, bootstrap, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (topicName, eventId, eventSource, eventType) = (parse.GetValue(topic)!, parse.GetValue(id), parse.GetValue(source)!, parse.GetValue(type)!);
            var mediaType = parse.GetValue(contentType)!;
            if (Validate(topicName, eventId, eventSource, eventType) is { } error)
            {
                await Console.Error.WriteLineAsync($"error: {error}");
                return ExitCodes.InvalidArguments;
            }

            if (await ReadDataAsync(parse.GetValue(data)!, mediaType, cancellationToken) is not { } bytes)
            {
                return ExitCodes.InvalidArguments;
            }

            var servers = parse.GetValue(bootstrap)!;
            using var host = await KafkaConnection.TryBuildHostAsync(servers, parse.GetValue(timeout));
            if (host is null)
            {
                return ExitCodes.InvalidArguments;
            }

            try
            {
                var cloudEvent = new AmbientEvent(eventId ?? Guid.NewGuid().ToString(), eventSource, eventType, parse.GetValue(subject),
                    TimeProvider.System.GetUtcNow(), mediaType, bytes) { Ingress = IngressKinds.Cli };
                var record = CloudEventKafkaBinding.ToOutgoingRecord(cloudEvent, topicName, parse.GetValue(key));
                var at = await host.Services.GetRequiredService<KafkaRecordPublisher>().PublishAsync(record, cancellationToken);
                await Console.Out.WriteLineAsync($"Published {cloudEvent.Id} to {at.Topic} partition {at.Partition} offset {at.Offset}");
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is KafkaOperationException or InvalidOperationException)
            {
                return await KafkaConnection.ReportAsync(ex, servers);
            }
        });
        return command;
    }

    /// <summary>The data bytes exactly as given (a file is not re-encoded), or null after printing why they are unusable.</summary>
    private static async Task<byte[]?> ReadDataAsync(string value, string mediaType, CancellationToken cancellationToken)
    {
        byte[] bytes;
        if (value.StartsWith('@'))
        {
            try
            {
                bytes = await File.ReadAllBytesAsync(value[1..], cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"error: --data: cannot read file '{value[1..]}': {ex.Message}");
                return null;
            }
        }
        else
        {
            bytes = Encoding.UTF8.GetBytes(value);
        }

        if (IsJson(mediaType))
        {
            try
            {
                using var document = JsonDocument.Parse(bytes);
            }
            catch (JsonException ex)
            {
                await Console.Error.WriteLineAsync($"error: --data is not valid JSON ({mediaType}): {ex.Message}");
                return null;
            }
        }

        return bytes;
    }

    private static string? Validate(string topic, string? id, string source, string type) =>
        string.IsNullOrWhiteSpace(topic) ? "--topic cannot be empty."
        : id is not null && string.IsNullOrWhiteSpace(id) ? "--id cannot be empty."
        : string.IsNullOrWhiteSpace(type) ? "--type cannot be empty."
        : string.IsNullOrWhiteSpace(source) || !Uri.TryCreate(source, UriKind.RelativeOrAbsolute, out _)
            ? $"--source '{source}' is not a URI-reference, e.g. https://github.com/owner/repo or /my/source."
        : null;

    // application/json, application/json; charset=utf-8, application/vnd.github+json, ...
    private static bool IsJson(string mediaType)
    {
        var essence = mediaType.Split(';', 2)[0].Trim();
        return essence.Equals("application/json", StringComparison.OrdinalIgnoreCase) || essence.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}

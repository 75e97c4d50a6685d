using Ambient.Kafka.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddAmbientDefaults();
builder.AddAmbientWorker();
try
{
    await builder.Build().RunAsync();
    return 0;
}
catch (TopicLayoutException)
{
    // Logged by the topic check, with each topic at fault and the fix; nothing was consumed.
    return 1;
}

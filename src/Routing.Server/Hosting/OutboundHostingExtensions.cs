using Routing.Redis.Outbound;
using Routing.Server.Desk.Commands;
using Routing.Server.Grpc;
using Routing.Server.Outbound;

namespace Routing.Server.Hosting;

/// <summary>The outbound pipeline: gateway delivery streams, desk replies, outreach.</summary>
public static class OutboundHostingExtensions
{
    public static IHostApplicationBuilder AddRoutingOutbound(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutboundOptions>().Bind(builder.Configuration.GetSection(OutboundOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<OutboundOptions>, OutboundOptionsValidator>();
        builder.Services.AddSingleton<OutboundStore>();
        builder.Services.AddSingleton<OutboundSignals>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboundSignals>());
        builder.Services.AddSingleton<OutboundChannelSeam>();
        builder.Services.AddSingleton<OutboundSender>();
        builder.Services.AddSingleton<OutboundSweep>();
        builder.Services.AddSingleton<DeliveryReports>();
        builder.Services.AddSingleton<GatewayDeliveryStream>();
        builder.Services.AddSingleton<SendReplyHandler>();
        return builder;
    }

    public static WebApplication MapRoutingOutbound(this WebApplication app)
    {
        app.MapGrpcService<ChannelGatewayService>();
        app.MapGrpcService<OutreachService>();
        return app;
    }
}

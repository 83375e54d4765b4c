extern alias server;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Routing.Protos.V1;
using Routing.Testing;
using Xunit.Abstractions;
using WallboardServer = server::Routing.Server.Wallboard.WallboardServer;

namespace Routing.Server.Tests;

/// <summary>
/// The live wallboard in a real browser: Debian's headless chromium (scripts/install-deps.sh) driven by
/// Selenium through chromedriver, against the real server on real Kestrel and real Redis.
/// </summary>
public sealed class WallboardTests(RedisServerFixture redis, ITestOutputHelper output) : IClassFixture<RedisServerFixture>
{
    private static Dictionary<string, string?> Settings()
    {
        var settings = DeskTestKit.FastEngine();
        settings["Wallboard:Url"] = "http://127.0.0.1:0";
        return settings;
    }

    [Fact]
    public async Task Wallboard_InChromium_ShowsTheQueuePerChannel_AndChangesWhenAContactIsAccepted()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings());
        var page = host.Services.GetRequiredService<WallboardServer>().Address!;
        await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await host.SubmitAsync(DeskTestKit.NewCustomer("sms"));
        await using var bob = await DeskClient.ConnectAsync(host, "bob", status: AgentStatus.Away);

        using var browser = StartChromium();
        browser.Navigate().GoToUrl(page + "#token=" + host.Credentials.Token("sup", "supervisor"));
        var general = "article[data-queue='general']";
        await WaitForTextAsync(browser, $"{general} .figure.waiting .value", "3");
        await WaitForTextAsync(browser, $"{general} .channel[data-channel='chat'] .waiting b", "2");
        await WaitForTextAsync(browser, $"{general} .channel[data-channel='sms'] .waiting b", "1");
        await WaitForTextAsync(browser, "#total-waiting b", "3");
        await WaitForTextAsync(browser, "#status", "live");
        Assert.Equal("away", await AttributeAsync(browser, "tr[data-agent='bob']", "data-state"));
        Assert.DoesNotContain("token", browser.Url, StringComparison.Ordinal); // dropped from the address bar

        // Ada connects and accepts her first offer; the page must then show what the Supervisor stream says of the queue.
        await using var watch = QueueWatcher.Start(host.Channel, new WatchQueuesRequest { IncludeAgents = true });
        await watch.SnapshotAsync();
        await using var ada = await DeskClient.ConnectAsync(host, "ada", h => h.Capacity.Add(new ChannelCapacity { Channel = "chat", MaxConcurrent = 1 }));
        var offer = await ada.NextOfferAsync();
        await ada.AcceptAsync(offer.OfferId);
        var (queue, _) = await watch.QueueAsync("general", q => q.Assigned == 1, Stopwatch.GetTimestamp());
        Assert.True(queue.Waiting < 3);

        await WaitForTextAsync(browser, $"{general} .figure.waiting .value", queue.Waiting.ToString(CultureInfo.InvariantCulture));
        await WaitForTextAsync(browser, $"{general} .channel[data-channel='chat'] .waiting b", queue.WaitingByChannel["chat"].ToString(CultureInfo.InvariantCulture));
        await WaitForTextAsync(browser, $"{general} .channel[data-channel='sms'] .waiting b", queue.WaitingByChannel["sms"].ToString(CultureInfo.InvariantCulture));
        await WaitForTextAsync(browser, "#total-waiting b", queue.Waiting.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("chat", offer.Contact.Channel);
        var adaState = await watch.AgentAsync("ada", a => a.Contacts.Contains(offer.Contact.ContactId) && a.Activity == AgentActivity.Busy);
        await WaitForTextAsync(browser, "tr[data-agent='ada'] .contacts", adaState.Contacts.Count.ToString(CultureInfo.InvariantCulture));
        Assert.Contains("chat 1", browser.FindElement(By.CssSelector("tr[data-agent='ada'] .load")).Text, StringComparison.Ordinal);
        Assert.Equal("busy", await AttributeAsync(browser, "tr[data-agent='ada']", "data-state"));
        await WaitForTextAsync(browser, $"{general} .pill[data-agents='busy']", "1 busy");
        await WaitForTextAsync(browser, $"{general} .pill[data-agents='away']", "1 away");

        var screenshot = Path.Combine(Path.GetTempPath(), "routing-wallboard.png");
        ((ITakesScreenshot)browser).GetScreenshot().SaveAsFile(screenshot);
        output.WriteLine("screenshot: " + screenshot);
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }

    [Fact]
    public async Task Wallboard_OnNodeB_ShowsWhatHappensOnNodeA()
    {
        var tenant = TestTenant.New();
        await using var nodeA = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(), tenant, "node-a");
        await using var nodeB = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(), tenant, "node-b");
        await nodeA.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await nodeA.SubmitAsync(DeskTestKit.NewCustomer("sms"));

        using var browser = StartChromium();
        browser.Navigate().GoToUrl(nodeB.Services.GetRequiredService<WallboardServer>().Address! + "#token=" + nodeB.Credentials.Token("sup", "supervisor"));
        var general = "article[data-queue='general']";
        await WaitForTextAsync(browser, $"{general} .figure.waiting .value", "2");

        // Ada, on node A, holds one chat and (the channel's default capacity) one sms: offered both.
        await using var ada = await DeskClient.ConnectAsync(nodeA, "ada", h => h.Capacity.Add(new ChannelCapacity { Channel = "chat", MaxConcurrent = 1 }));
        await WaitForTextAsync(browser, "tr[data-agent='ada'] .contacts", "2");
        await nodeA.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await WaitForTextAsync(browser, $"{general} .channel[data-channel='chat'] .waiting b", "1");
        await WaitForTextAsync(browser, $"{general} .figure.waiting .value", "1");
    }

    [Fact]
    public async Task Wallboard_PageIsAnonymous_EventsNeedASupervisorToken()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings());
        var page = host.Services.GetRequiredService<WallboardServer>().Address!;
        using var http = new HttpClient { Timeout = TestTimeout.Short };

        using var html = await http.GetAsync(page).WaitAsync(TestTimeout.Short);
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Contains("wallboard.js", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(page, "/wallboard/wallboard.css"))).StatusCode);

        var events = new Uri(page, "/wallboard/events");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(events)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(events + "?access_token=not-a-jwt")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(events + "?access_token=" + host.Credentials.Token("ada", "agent"))).StatusCode);

        using var stream = await http.GetAsync(events + "?access_token=" + host.Credentials.Token("sup", "supervisor"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync().WaitAsync(TestTimeout.Short));
        string? line;
        do
        {
            line = await reader.ReadLineAsync().WaitAsync(TestTimeout.Short);
        }
        while (line is not null && !line.StartsWith("data: ", StringComparison.Ordinal));
        Assert.NotNull(line);
        var first = WatchQueuesResponse.Parser.WithDiscardUnknownFields(true).ParseJson(line["data: ".Length..]);
        Assert.NotNull(first.Snapshot);
    }

    private static ChromeDriver StartChromium()
    {
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1920,1080", "--force-device-scale-factor=1");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    private static async Task WaitForTextAsync(IWebDriver browser, string css, string expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = browser.FindElement(By.CssSelector(css)).Text.Trim();
                if (last == expected)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is NoSuchElementException or StaleElementReferenceException)
            {
                last = "(absent)";
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{css}: expected \"{expected}\", the page shows \"{last}\"");
    }

    private static async Task<string> AttributeAsync(IWebDriver browser, string css, string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                return browser.FindElement(By.CssSelector(css)).GetAttribute(name) ?? "";
            }
            catch (Exception ex) when ((ex is NoSuchElementException or StaleElementReferenceException) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}

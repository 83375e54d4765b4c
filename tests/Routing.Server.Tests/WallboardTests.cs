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
        settings["Supervisor:Queues:general:ServiceLevelGoalPercent"] = "90";
        return settings;
    }

    [Fact]
    public async Task Wallboard_InChromium_ShowsTheQueuePerChannel_AndChangesWhenAContactIsAccepted()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings());
        var page = host.Services.GetRequiredService<WallboardServer>().Address!;
        var submitted = new List<(InboundContact Contact, ContactReceipt Receipt)>();
        foreach (var channel in new[] { "chat", "chat", "sms" })
        {
            var contact = DeskTestKit.NewCustomer(channel);
            submitted.Add((contact, await host.SubmitAsync(contact)));
        }

        await using var bob = await DeskClient.ConnectAsync(host, "bob", status: AgentStatus.Away);

        using var browser = StartChromium();
        browser.Navigate().GoToUrl(page + "#token=" + host.Credentials.Token("sup", "supervisor"));
        var general = "article[data-queue='general']";
        await WaitForTextAsync(browser, $"{general} .figure.waiting .value", "3");
        await WaitForTextAsync(browser, $"{general} .channel[data-channel='chat'] .waiting b", "2");
        await WaitForTextAsync(browser, $"{general} .channel[data-channel='sms'] .waiting b", "1");
        await WaitForTextAsync(browser, "#total-waiting b", "3");
        await WaitForTextAsync(browser, "#status", "live");
        Assert.Equal("away", await AttributeAsync(browser, "div.agent[data-agent='bob']", "data-state"));
        Assert.DoesNotContain("token", browser.Url, StringComparison.Ordinal); // dropped from the address bar

        // The longest-waiting panel: every waiting contact, its channel and its sender masked; the goal from configuration.
        foreach (var (contact, receipt) in submitted)
        {
            var row = $"#waiting tr[data-contact='{receipt.ContactId}']";
            await WaitForTextAsync(browser, row + " .channel-cell", contact.Channel.ToUpperInvariant());
            await WaitForTextAsync(browser, row + " .customer", Routing.Core.Privacy.PersonalData.MaskAddress(contact.From));
            await WaitForTextAsync(browser, row + " .queue-cell", "general");
        }

        Assert.Equal("90", await AttributeAsync(browser, $"{general} .queue-goal", "data-goal"));
        Assert.Equal("120", await AttributeAsync(browser, $"{general} .queue-goal", "data-target"));
        await WaitForTextAsync(browser, $"{general} .figure.service-level .sub", "goal 90%");
        var waited = $"#waiting tr[data-contact='{submitted[0].Receipt.ContactId}'] .waited";
        var firstWaited = await TextAsync(browser, waited);
        await Eventually.TrueAsync(async () => await TextAsync(browser, waited) != firstWaited, TestTimeout.Short, "the longest wait does not tick");

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
        await WaitForAbsentAsync(browser, $"#waiting tr[data-contact='{offer.Contact.ContactId}']");
        var listed = queue.LongestWaiting.Select(c => c.ContactId).Order(StringComparer.Ordinal).ToList();
        await Eventually.TrueAsync(() =>
        {
            try
            {
                var shown = browser.FindElements(By.CssSelector("#waiting tr[data-contact]")).Select(r => r.GetAttribute("data-contact") ?? "").Order(StringComparer.Ordinal);
                return Task.FromResult(shown.SequenceEqual(listed));
            }
            catch (StaleElementReferenceException)
            {
                return Task.FromResult(false);
            }
        }, TestTimeout.Short, "the longest-waiting panel does not show what the stream says");
        var adaState = await watch.AgentAsync("ada", a => a.Contacts.Contains(offer.Contact.ContactId) && a.Activity == AgentActivity.Busy);
        await WaitForTextAsync(browser, "div.agent[data-agent='ada'] .contacts", adaState.Contacts.Count.ToString(CultureInfo.InvariantCulture));
        Assert.Contains("chat 1", await TextAsync(browser, "div.agent[data-agent='ada'] .load"), StringComparison.Ordinal);
        Assert.Equal("busy", await AttributeAsync(browser, "div.agent[data-agent='ada']", "data-state"));
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
        await WaitForTextAsync(browser, "div.agent[data-agent='ada'] .contacts", "2");
        await nodeA.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await WaitForTextAsync(browser, $"{general} .channel[data-channel='chat'] .waiting b", "1");
        await WaitForTextAsync(browser, $"{general} .figure.waiting .value", "1");
    }

    [Fact]
    public async Task Wallboard_WithFortyAgentsAndFiveQueues_FitsTheScreen_AndRotatesThroughEveryAgentAndQueue()
    {
        var settings = Settings();
        settings["Engine:WrapUp"] = "00:05:00";
        settings["RoutingRules:Rules:0:Name"] = "billing";
        settings["RoutingRules:Rules:0:When:Intents:0"] = "billing";
        settings["RoutingRules:Rules:0:Queue"] = "billing";
        settings["RoutingRules:Rules:0:Priority"] = "30";
        settings["RoutingRules:Rules:0:ServiceLevelSeconds"] = "60";
        settings["RoutingRules:Rules:1:Name"] = "backoffice";
        settings["RoutingRules:Rules:1:When:Channels:0"] = "email";
        settings["RoutingRules:Rules:1:When:Channels:1"] = "webform";
        settings["RoutingRules:Rules:1:Queue"] = "backoffice";
        settings["RoutingRules:Rules:1:Priority"] = "5";
        settings["RoutingRules:Rules:1:ServiceLevelSeconds"] = "3600";
        settings["RoutingRules:Rules:2:Name"] = "vip";
        settings["RoutingRules:Rules:2:When:Intents:0"] = "vip";
        settings["RoutingRules:Rules:2:Queue"] = "vip";
        settings["RoutingRules:Rules:2:Priority"] = "80";
        settings["RoutingRules:Rules:2:ServiceLevelSeconds"] = "20";
        settings["RoutingRules:Rules:3:Name"] = "french";
        settings["RoutingRules:Rules:3:When:Intents:0"] = "fr";
        settings["RoutingRules:Rules:3:Queue"] = "support-fr";
        settings["RoutingRules:Rules:3:ServiceLevelSeconds"] = "60";
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, settings);
        foreach (var (channel, intent, count) in new[] { ("chat", "", 6), ("voice", "", 2), ("sms", "", 3), ("whatsapp", "", 2), ("chat", "billing", 3), ("sms", "billing", 2), ("email", "", 4), ("webform", "", 1), ("voice", "vip", 2), ("chat", "fr", 2) })
        {
            for (var i = 0; i < count; i++)
            {
                await host.SubmitAsync(DeskTestKit.NewCustomer(channel, intent: intent));
            }
        }

        string[] first = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Dennis", "Frances", "John", "Radia", "Tim", "Sophie", "Linus", "Guido", "Anders", "Bjarne", "Niklaus", "Hedy"];
        string[] last = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Ritchie", "Allen"];
        var desks = new List<DeskClient>();
        try
        {
            for (var i = 0; i < 40; i++)
            {
                var queue = i % 3 == 0 ? "billing" : i % 3 == 1 ? "backoffice" : "general";
                var takesWork = i < 12;
                var idle = !takesWork && i % 4 == 0;
                var desk = await DeskClient.ConnectAsync(host, $"agent-{i:D2}", h =>
                {
                    h.DisplayName = first[i % first.Length] + " " + last[i % last.Length];
                    h.TotalCapacity = 1;
                }, takesWork || idle ? AgentStatus.Available : AgentStatus.Away, (takesWork ? queue : "outbound", 3, true));
                desks.Add(desk);
                if (!takesWork && !idle)
                {
                    await desk.StatusAsync(AgentStatus.Away, i % 3 == 0 ? "break" : i % 3 == 1 ? "training" : "coaching");
                }
                else if (takesWork)
                {
                    var offer = await desk.NextOfferAsync();
                    if (i % 4 != 3)
                    {
                        await desk.AcceptAsync(offer.OfferId); // three in four busy, the rest still offered
                        if (i % 4 == 2)
                        {
                            await desk.CompleteAsync(offer.Contact.ContactId, skipWrapUp: false); // and some of those in wrap-up
                        }
                    }
                }
            }

            using var browser = StartChromium();
            browser.Navigate().GoToUrl(host.Services.GetRequiredService<WallboardServer>().Address! + "#rotate=2&token=" + host.Credentials.Token("sup", "supervisor"));
            await WaitForAttributeAsync(browser, "#agents-page", "data-pages", pages => int.TryParse(pages, out var n) && n >= 1);
            await WaitForTextAsync(browser, "article[data-queue='billing'] .queue-goal", "goal 80% in 1m");
            var screenshot = Path.Combine(Path.GetTempPath(), "routing-wallboard-40-agents.png");
            ((ITakesScreenshot)browser).GetScreenshot().SaveAsFile(screenshot);
            output.WriteLine("screenshot: " + screenshot);
            Assert.StartsWith("40 ·", await TextAsync(browser, "#agents-page"), StringComparison.Ordinal);
            Assert.True(browser.FindElements(By.CssSelector("#waiting tr[data-contact]")).Count >= 8, "the longest-waiting panel shows too few rows");
            Assert.NotEmpty(browser.FindElements(By.CssSelector("#waiting td.now.offered")));

            // Nothing outside the window: a wall screen cannot scroll.
            var outside = (IReadOnlyCollection<object>)((IJavaScriptExecutor)browser).ExecuteScript("""
                const w = window.innerWidth, h = window.innerHeight;
                const out = [...document.querySelectorAll('body *')].filter((e) => {
                  const r = e.getBoundingClientRect();
                  return r.width > 0 && r.height > 0 && (r.right > w + 0.5 || r.bottom > h + 0.5 || r.left < -0.5 || r.top < -0.5);
                }).map((e) => e.tagName + '.' + e.className + ' ' + JSON.stringify(e.getBoundingClientRect()));
                if (document.documentElement.scrollHeight > h || document.documentElement.scrollWidth > w) out.push('document scrolls');
                return out;
                """)!;
            Assert.True(outside.Count == 0, "outside the window: " + string.Join("; ", outside));

            // Every agent shows on some page within a rotation.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await Eventually.TrueAsync(() =>
            {
                try
                {
                    foreach (var chip in browser.FindElements(By.CssSelector("#agents div.agent")))
                    {
                        seen.Add(chip.GetAttribute("data-agent") ?? "");
                    }
                }
                catch (StaleElementReferenceException)
                {
                    // Re-rendered while read: the next round reads the new chips.
                }

                return Task.FromResult(seen.Count == 40);
            }, TimeSpan.FromSeconds(40), "not every agent showed on a page");

            // Five queues do not fit one screen: they take turns too.
            await WaitForAttributeAsync(browser, "#queues-page", "data-pages", pages => int.TryParse(pages, out var n) && n >= 2);
            var queues = new HashSet<string>(StringComparer.Ordinal);
            await Eventually.TrueAsync(() =>
            {
                try
                {
                    foreach (var tile in browser.FindElements(By.CssSelector("#queues article.queue")))
                    {
                        queues.Add(tile.GetAttribute("data-queue") ?? "");
                    }
                }
                catch (StaleElementReferenceException)
                {
                    // Re-rendered while read.
                }

                return Task.FromResult(queues.SetEquals(["general", "billing", "backoffice", "vip", "support-fr"]));
            }, TimeSpan.FromSeconds(40), "not every queue showed on a page");
        }
        finally
        {
            foreach (var desk in desks)
            {
                await desk.DisposeAsync();
            }
        }
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

    private static async Task WaitForAttributeAsync(IWebDriver browser, string css, string name, Func<string, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = browser.FindElement(By.CssSelector(css)).GetAttribute(name) ?? "";
                if (condition(last))
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

        Assert.Fail($"{css}: {name} is \"{last}\"");
    }

    private static async Task<string> TextAsync(IWebDriver browser, string css)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                return browser.FindElement(By.CssSelector(css)).Text.Trim();
            }
            catch (Exception ex) when ((ex is NoSuchElementException or StaleElementReferenceException) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private static async Task WaitForAbsentAsync(IWebDriver browser, string css)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (browser.FindElements(By.CssSelector(css)).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, css + " is still on the page");
            await Task.Delay(100);
        }
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

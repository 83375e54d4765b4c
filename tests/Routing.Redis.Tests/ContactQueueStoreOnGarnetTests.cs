using Routing.Testing;

namespace Routing.Redis.Tests;

/// <summary>The store contract on the embedded Garnet (the zero-install default).</summary>
public sealed class ContactQueueStoreOnGarnetTests(GarnetFixture garnet)
    : ContactQueueStoreContract(garnet.Connection), IClassFixture<GarnetFixture>;

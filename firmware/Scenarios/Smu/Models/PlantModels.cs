using System;

namespace ColdStandby.Scenarios.Smu.Models
{
    /// <summary>The plant models a scenario can switch on, by name.</summary>
    public static class PlantModels
    {
        /// <summary>The names, for messages.</summary>
        public const string Names = "dm, server, agent, peer";

        /// <summary>Makes the model named <paramref name="name"/>.</summary>
        /// <param name="name">dm, server, agent or peer.</param>
        /// <param name="world">The world it lives in.</param>
        /// <returns>The model.</returns>
        /// <exception cref="FormatException">No such model.</exception>
        public static Model Create(string name, IWorld world)
        {
            switch (name)
            {
                case "dm":
                    return new DmModel(world);
                case "server":
                    return new ServerModel(world);
                case "agent":
                    return new AgentModel(world);
                case "peer":
                    return new PeerModel(world);
                default:
                    throw new FormatException("no model '" + name + "' (" + Names + ")");
            }
        }
    }
}

# LBFGS with a closure minimising the Rosenbrock function from a fixed start (deterministic), and
# plain SGD on the same problem for comparison.
import torch


def rosenbrock(xy):
    x, y = xy[0], xy[1]
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2


xy = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
optimizer = torch.optim.LBFGS([xy], lr=1, max_iter=50, history_size=10, line_search_fn="strong_wolfe")
calls = 0


def closure():
    global calls
    calls += 1
    optimizer.zero_grad()
    loss = rosenbrock(xy)
    loss.backward()
    return loss


first = optimizer.step(closure)
for _ in range(3):
    optimizer.step(closure)

xy_sgd = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
sgd = torch.optim.SGD([xy_sgd], lr=1e-4)
for _ in range(200):
    sgd.zero_grad()
    loss = rosenbrock(xy_sgd)
    loss.backward()
    sgd.step()

RESULT = {
    "first_loss": first.item(),
    "close_solution": xy.detach(),
    "converged": rosenbrock(xy).item() < 1e-8,
    "lbfgs_beats_sgd": rosenbrock(xy).item() < loss.item(),
    "close_sgd_point": xy_sgd.detach(),
    "state_keys_include_n_iter": "n_iter" in optimizer.state[xy],
    "dtype": xy.dtype,
}

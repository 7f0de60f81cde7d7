# The torch.autograd.Function contract as tutorials use it: MyReLU saving its input and cloning
# grad_output, a function saving its output (exp), one with a non-tensor argument stored on ctx and
# needs_input_grad, two outputs, and gradcheck in float64 on each.
import torch
from torch.autograd import Function, gradcheck


class MyReLU(Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return input.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (input,) = ctx.saved_tensors
        grad_input = grad_output.clone()
        grad_input[input < 0] = 0
        return grad_input


class MyExp(Function):
    @staticmethod
    def forward(ctx, i):
        result = i.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        (result,) = ctx.saved_tensors
        return grad_output * result


class MulConstant(Function):
    @staticmethod
    def forward(ctx, tensor, constant):
        ctx.constant = constant
        return tensor * constant

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.constant, None


class LinearFunction(Function):
    @staticmethod
    def forward(ctx, input, weight, bias=None):
        ctx.save_for_backward(input, weight, bias)
        output = input.mm(weight.t())
        if bias is not None:
            output += bias.unsqueeze(0).expand_as(output)
        return output

    @staticmethod
    def backward(ctx, grad_output):
        input, weight, bias = ctx.saved_tensors
        grad_input = grad_weight = grad_bias = None
        if ctx.needs_input_grad[0]:
            grad_input = grad_output.mm(weight)
        if ctx.needs_input_grad[1]:
            grad_weight = grad_output.t().mm(input)
        if bias is not None and ctx.needs_input_grad[2]:
            grad_bias = grad_output.sum(0)
        return grad_input, grad_weight, grad_bias


class SplitSign(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0), x.clamp(max=0)

    @staticmethod
    def backward(ctx, grad_pos, grad_neg):
        (x,) = ctx.saved_tensors
        return torch.where(x > 0, grad_pos, grad_neg)


x = torch.tensor([[-1.0, 2.0, -3.0], [0.5, -0.5, 4.0]], requires_grad=True)
y = MyReLU.apply(x)
(y * torch.tensor([1.0, 2.0, 3.0])).sum().backward()

e_in = torch.tensor([0.0, 1.0, -1.0], requires_grad=True)
e = MyExp.apply(e_in)
e.sum().backward()

m_in = torch.tensor([1.0, 2.0], requires_grad=True)
MulConstant.apply(m_in, 5.5).sum().backward()

inp = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=False)
w = torch.tensor([[0.1, 0.2], [0.3, -0.4]], requires_grad=True)
bias = torch.tensor([1.0, -1.0], requires_grad=True)
LinearFunction.apply(inp, w, bias).pow(2).sum().backward()

s_in = torch.tensor([-2.0, 3.0], requires_grad=True)
pos, neg = SplitSign.apply(s_in)
(pos * 2 + neg * 3).sum().backward()

torch.manual_seed(0)
dx = torch.randn(4, 3, dtype=torch.double, requires_grad=True) + 0.1
dx = dx.detach().requires_grad_()
dw = torch.randn(2, 3, dtype=torch.double, requires_grad=True)
db = torch.randn(2, dtype=torch.double, requires_grad=True)

RESULT = {
    "relu_out": y.detach(),
    "relu_grad": x.grad,
    "exp_grad": e_in.grad,
    "mulconst_grad": m_in.grad,
    "linear_input_grad_none": inp.grad is None,
    "linear_w_grad": w.grad,
    "linear_b_grad": bias.grad,
    "split_grad": s_in.grad,
    "gradcheck_relu": gradcheck(MyReLU.apply, (dx,), eps=1e-6, atol=1e-4),
    "gradcheck_exp": gradcheck(MyExp.apply, (dx,), eps=1e-6, atol=1e-4),
    "gradcheck_linear": gradcheck(LinearFunction.apply, (dx, dw, db), eps=1e-6, atol=1e-4),
    "output_grad_fn": y.grad_fn is not None,
}

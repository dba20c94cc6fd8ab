"""The built-in catalog: one module per topic, each claim declared with ``@identity``.

Each claim says where it comes from (``derivcheck.Source``): a question of one of the five real
homework solutions it was built from (below, by file id; ``core.provenance.SEED_DOCUMENTS`` says
what each one is), with the formula as the student wrote it, or a citation.
"""

HW3 = "000_6df6721d1f90bea6"  # IFT6390 HW3 theory, Q1(a)-(l), Q2(a)-(q), and a CIFAR-10 practical part
AML = "001_f3dd82c44ac9967e"  # AML Assignment 2 report, Questions 2a-2c
MLP_SHEET = "002_6e949c52396c1b69"  # MLP regression/classification sheet, 1.2-1.4
NN_ASSIGNMENT = "003_d2ed3d57994e6f10"  # Neural Networks assignment, Questions 1-3 (worked numbers)
HW3_OTHER = "004_b8fc60728ee9b039"  # IFT6390 HW3 theory of another year: Q1(a)-(m), Q2(a)-(r), Q3(a)-(d)

# Citations used by several topics
DEEP_LEARNING = "Goodfellow, Bengio & Courville, Deep Learning (MIT Press, 2016)"
